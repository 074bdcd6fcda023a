/**
 * The few DER (X.690) encodings an X.509 certificate needs. Each function returns one complete TLV;
 * constructed values take their already-encoded children.
 */

/** Universal tags used by certificates. */
const tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

/** One TLV: the definite length is short (< 128) or long form, as DER requires. */
export function tlv(tagByte: number, content: Uint8Array): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.of(tagByte, length), content]);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  return Buffer.concat([Buffer.of(tagByte, 0x80 | lengthBytes.length, ...lengthBytes), content]);
}

export function sequence(...children: Uint8Array[]): Buffer {
  return tlv(tag.sequence, Buffer.concat(children));
}

/** A SET OF; DER sorts its elements by their encodings. */
export function set(...children: Uint8Array[]): Buffer {
  const sorted = [...children].sort((a, b) => Buffer.compare(a, b));
  return tlv(tag.set, Buffer.concat(sorted));
}

export function boolean(value: boolean): Buffer {
  return tlv(tag.boolean, Buffer.of(value ? 0xff : 0x00));
}

/** A two's-complement INTEGER in the fewest bytes. */
export function integer(value: bigint | number): Buffer {
  let n = BigInt(value);
  const bytes: number[] = [];
  if (n >= 0n) {
    do {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    // A set top bit would read as negative.
    if (bytes[0]! & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n < -1n || !(bytes[0]! & 0x80));
  }
  return tlv(tag.integer, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from dotted text, e.g. '2.5.4.3'. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`bad OID arc in ${dotted}`);
    return BigInt(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2n) throw new Error(`bad OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    // Base 128, high bit set on every byte but the last.
    const groups = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) groups.unshift(Number(n & 0x7fn) | 0x80);
    bytes.push(...groups);
  }
  return tlv(tag.oid, Buffer.from(bytes));
}

export function utf8String(text: string): Buffer {
  return tlv(tag.utf8String, Buffer.from(text, 'utf8'));
}

/** The content of an IA5String (ASCII), as subjectAltName's IMPLICIT dNSName carries it. */
export function ia5Bytes(text: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new Error(`not IA5 (ASCII): ${text}`);
  return Buffer.from(text, 'latin1');
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(tag.octetString, bytes);
}

/** A BIT STRING of whole bytes (no unused bits), as keys and signatures are. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return tlv(tag.bitString, Buffer.concat([Buffer.of(unusedBits), bytes]));
}

/**
 * A named-bit BIT STRING (keyUsage): bit 0 is the first byte's high bit, and DER drops trailing zero bits.
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> (bit % 8);
  return bitString(bytes, 7 - (highest % 8));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime for years 1950 to 2049, GeneralizedTime from 2050 on; both in UTC to the
 * second, with Z. Milliseconds are dropped.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new Error(`certificate time out of range: ${date.toISOString()}`);
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()]
    .concat(date.getUTCSeconds())
    .map(two)
    .join('');
  if (year < 2050) return tlv(tag.utcTime, Buffer.from(`${two(year % 100)}${rest}Z`, 'latin1'));
  return tlv(tag.generalizedTime, Buffer.from(`${year}${rest}Z`, 'latin1'));
}

/** `[n]` EXPLICIT: a constructed context tag around one encoded value. */
export function explicit(n: number, child: Uint8Array): Buffer {
  return tlv(0xa0 | n, child);
}

/** `[n]` IMPLICIT on a primitive type: the context tag replaces the type's own, the content stays. */
export function implicitPrimitive(n: number, content: Uint8Array): Buffer {
  return tlv(0x80 | n, content);
}
