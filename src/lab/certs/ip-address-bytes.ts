import net from 'node:net';

/** An IP address in network byte order, as a subjectAltName iPAddress holds it: 4 bytes for v4, 16 for v6. */
export function ipAddressBytes(address: string): Buffer {
  if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!net.isIPv6(address)) throw new Error(`not an IP address: ${address}`);
  let text = address;
  // A trailing dotted quad (::ffff:127.0.0.1) stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const bytes = Buffer.alloc(16);
  for (const [i, group] of [...left, ...zeros, ...right].entries()) bytes.writeUInt16BE(parseInt(group, 16), i * 2);
  return bytes;
}
