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

export const STARTTLS = Buffer.from('STARTTLS\r\n', 'latin1');

/** `EHLO <name>` or, to a server that does not know EHLO (RFC 5321 §4.1.4), `HELO <name>`. */
export function helloCommand(verb: 'EHLO' | 'HELO', name: string): Buffer {
  return Buffer.from(`${verb} ${name}\r\n`, 'latin1');
}

/**
 * The name this client gives in EHLO: the address literal of its own side of the connection (RFC 5321 §4.1.3,
 * `[192.0.2.7]`, `[IPv6:2001:db8::7]`). It is true (it is the address the server sees on a direct connection), it
 * leaks no host name, and RFC 5321 §4.1.4 asks for it from a client without a meaningful domain name. Servers that
 * check the EHLO name accept a literal that matches the connection (Exim's `helo_verify_hosts`); a made-up domain
 * fails a DNS check (Postfix's `reject_unknown_helo_hostname`). `localhost` stands in when the address is unknown.
 */
export function addressLiteral(address: string | null): string {
  if (!address) return 'localhost';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `[${mapped[1]}]`;
  return address.includes(':') ? `[IPv6:${address.replace(/%.*$/, '')}]` : `[${address}]`;
}

/** One service extension a 250 reply to EHLO lists (RFC 5321 §4.1.1.1): its keyword and parameters. */
export interface SmtpExtension {
  /** Upper-cased, as servers differ in case: `STARTTLS`, `AUTH`, `SIZE`, `PIPELINING`. */
  keyword: string;
  /** Its parameters: AUTH's mechanisms, SIZE's limit in bytes. */
  params: string[];
}

/** What the 250 reply to EHLO says: the server's name for itself and the extensions it offers. */
export interface EhloReply {
  /** The first line: the server's domain and, often, how it greets this client (`mx Hello [192.0.2.7]`). */
  greeting: string;
  extensions: SmtpExtension[];
}

/** A parameter list longer than this (AUTH with every mechanism there is) is cut: the evidence needs no more. */
const MAX_PARAMS = 12;

/**
 * Reads the lines of a 250 reply to EHLO (already made visible and bounded by `readSmtpReply`). An old-style
 * `AUTH=LOGIN PLAIN` line, which some servers send for clients of a draft of RFC 4954, counts as AUTH.
 */
export function readEhloReply(lines: readonly string[]): EhloReply {
  const extensions: SmtpExtension[] = [];
  for (const line of lines.slice(1)) {
    const [first = '', ...rest] = line.trim().split(/\s+/);
    const legacyAuth = /^AUTH=(.*)$/i.exec(first);
    const keyword = (legacyAuth ? 'AUTH' : first).toUpperCase();
    if (keyword === '') continue;
    const params = [...(legacyAuth?.[1] ? [legacyAuth[1]] : []), ...rest].slice(0, MAX_PARAMS);
    const known = extensions.find((extension) => extension.keyword === keyword);
    // AUTH and AUTH= on two lines list the same mechanisms: one entry, each mechanism once.
    if (known) known.params = [...new Set([...known.params, ...params])].slice(0, MAX_PARAMS);
    else extensions.push({ keyword, params });
  }
  return { greeting: lines[0] ?? '', extensions };
}

/** The extension by keyword, when offered. */
export function extensionOf(extensions: readonly SmtpExtension[], keyword: string): SmtpExtension | null {
  return extensions.find((extension) => extension.keyword === keyword) ?? null;
}
