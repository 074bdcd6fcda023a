import { visibleText } from '../probes/visible-bytes.js';

/**
 * SMTP replies (RFC 5321 §4.2): a three-digit code, then `-` on every line but the last, which has a space (or
 * nothing) after the code. The greeting is the reply a server sends first; `QUIT` ends a session politely.
 */

/** RFC 5321 allows 512 bytes a reply line; a greeting of more lines than this is not worth reading. */
const MAX_LINE = 1000;
const MAX_LINES = 30;
const TEXT_CHARS = 200;

export const QUIT = Buffer.from('QUIT\r\n', 'latin1');

export type SmtpRead =
  | /** A complete reply: its code, and the text of each line after the code. */
  { kind: 'reply'; code: number; lines: string[]; size: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads one reply from the start of `data`. */
export function readSmtpReply(data: Uint8Array): SmtpRead {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const lines: string[] = [];
  let code: string | null = null;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) {
      if (bytes.length - start > MAX_LINE)
        return { kind: 'invalid', why: `a reply line longer than ${MAX_LINE} bytes` };
      if (bytes.length > start && !/^\d{0,3}$|^\d{3}[ -]/.test(bytes.subarray(start, start + 4).toString('latin1'))) {
        return { kind: 'invalid', why: 'not an SMTP reply line' };
      }
      return { kind: 'incomplete' };
    }
    const line = bytes.subarray(start, bytes[end - 1] === 0x0d ? end - 1 : end).toString('utf8');
    const match = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!match) return { kind: 'invalid', why: `not an SMTP reply line: ${visibleText(line, 60)}` };
    if (code !== null && match[1] !== code)
      return { kind: 'invalid', why: `reply code changed from ${code} to ${match[1]}` };
    code = match[1]!;
    lines.push(visibleText(match[3]!, TEXT_CHARS));
    start = end + 1;
    if (match[2] !== '-') return { kind: 'reply', code: Number(code), lines, size: start };
    if (lines.length >= MAX_LINES) return { kind: 'invalid', why: `more than ${MAX_LINES} lines in one reply` };
  }
}
