import { visibleText } from '../probes/visible-bytes.js';

/**
 * RESP, Redis's protocol (https://redis.io/docs/latest/develop/reference/protocol-spec/): commands out as arrays of
 * bulk strings, replies in. Only what a handshake meets: simple strings, errors, integers, bulk strings, arrays.
 */

/** An array reply deeper or longer than this is not an answer to PING or AUTH. */
const MAX_DEPTH = 4;
const MAX_ITEMS = 64;
/** A bulk string in a handshake reply is short; a longer one is not worth reading. */
const MAX_BULK = 4096;
/** How much of a reply's text is kept. */
const TEXT_CHARS = 300;

export type RespReply =
  | { type: 'simple'; text: string }
  /** An error: its first word (`NOAUTH`, `ERR`, `DENIED`), and the rest of the line. */
  | { type: 'error'; prefix: string; message: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; text: string | null }
  | { type: 'array'; items: RespReply[] | null };

export type ReadReply =
  | { kind: 'reply'; reply: RespReply; size: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** A command as RESP arrays of bulk strings: the form every Redis since 1.2 reads, whatever the arguments hold. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = args.map((arg) => {
    const bytes = Buffer.from(arg, 'utf8');
    return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
  });
  return Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...parts]);
}

/** Reads one reply from the start of `data`. */
export function readReply(data: Uint8Array): ReadReply {
  return readAt(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 0, 0);
}

function readAt(data: Buffer, start: number, depth: number): ReadReply {
  const lineEnd = data.indexOf('\r\n', start);
  if (lineEnd === -1) return { kind: 'incomplete' };
  const line = data.subarray(start + 1, lineEnd).toString('utf8');
  const next = lineEnd + 2;
  const done = (reply: RespReply, end: number): ReadReply => ({ kind: 'reply', reply, size: end - start });
  switch (String.fromCharCode(data[start]!)) {
    case '+':
      return done({ type: 'simple', text: visibleText(line, TEXT_CHARS) }, next);
    case '-': {
      const space = line.indexOf(' ');
      const prefix = space === -1 ? line : line.slice(0, space);
      const message = space === -1 ? '' : line.slice(space + 1);
      return done({ type: 'error', prefix: visibleText(prefix, 40), message: visibleText(message, TEXT_CHARS) }, next);
    }
    case ':':
      return /^-?\d{1,18}$/.test(line)
        ? done({ type: 'integer', value: Number(line) }, next)
        : invalid(`integer ${line}`);
    case '$': {
      const length = Number(line);
      if (length === -1) return done({ type: 'bulk', text: null }, next);
      if (!/^\d{1,9}$/.test(line) || length > MAX_BULK) return invalid(`bulk length ${visibleText(line, 20)}`);
      if (data.length < next + length + 2) return { kind: 'incomplete' };
      return done(
        { type: 'bulk', text: visibleText(data.subarray(next, next + length).toString('utf8'), TEXT_CHARS) },
        next + length + 2,
      );
    }
    case '*':
      return readArray(data, start, line, next, depth);
    default:
      return invalid(`reply type byte 0x${data[start]!.toString(16)}`);
  }
}

function readArray(data: Buffer, start: number, line: string, next: number, depth: number): ReadReply {
  const count = Number(line);
  if (count === -1) return { kind: 'reply', reply: { type: 'array', items: null }, size: next - start };
  if (!/^\d{1,4}$/.test(line) || count > MAX_ITEMS || depth >= MAX_DEPTH)
    return invalid(`array of ${visibleText(line, 20)}`);
  const items: RespReply[] = [];
  let at = next;
  for (let i = 0; i < count; i++) {
    const item = readAt(data, at, depth + 1);
    if (item.kind !== 'reply') return item;
    items.push(item.reply);
    at += item.size;
  }
  return { kind: 'reply', reply: { type: 'array', items }, size: at - start };
}

function invalid(why: string): ReadReply {
  return { kind: 'invalid', why };
}

/** The reply's first word as the reason table knows it: `+PONG`, `-NOAUTH`, `-ERR`, …; other types by their sign. */
export function replyAnswer(reply: RespReply): string {
  switch (reply.type) {
    case 'simple':
      return `+${reply.text.split(' ')[0]}`;
    case 'error':
      return `-${reply.prefix}`;
    case 'integer':
      return ':';
    case 'bulk':
      return '$';
    case 'array':
      return '*';
    default:
      return reply satisfies never;
  }
}
