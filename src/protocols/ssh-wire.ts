import { visibleText } from '../probes/visible-bytes.js';

/**
 * SSH's identification exchange (RFC 4253 §4.2): the server sends `SSH-protoversion-softwareversion [comments]`
 * and CR LF, at most 255 bytes with them; it may send other lines first, none starting with `SSH-`. OpenSSH's sshd
 * also writes a line of its own before it drops a connection (`Exceeded MaxStartups`).
 */

/** RFC 4253's limit for the identification line, CR LF included. */
const MAX_IDENTIFICATION = 255;
/** Lines before the identification that we read at most; more is not a server worth waiting for. */
const MAX_LINES = 20;
/** A line before the identification is text of a sensible length; past this it is something else. */
const MAX_LINE = 1024;
/** How much of a line other than the identification is kept. */
const LINE_CHARS = 200;

export interface SshIdentification {
  /** `2.0`, or `1.99` from a server that also speaks SSH 1. */
  protoVersion: string;
  /** `OpenSSH_9.2p1`, made visible. */
  softwareVersion: string;
  /** What follows a space (`Debian-2+deb12u10`), or null. */
  comments: string | null;
}

export type SshRead =
  | /** The identification, the lines before it, and the bytes up to its end. */
  { kind: 'identification'; identification: SshIdentification; linesBefore: string[]; size: number }
  /** No identification yet; the complete lines so far. */
  | { kind: 'incomplete'; lines: string[] }
  | { kind: 'invalid'; why: string };

/** Reads what the server sent so far. */
export function readIdentification(data: Uint8Array): SshRead {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const lines: string[] = [];
  if (bytes.includes(0)) return { kind: 'invalid', why: 'binary data (a NUL byte), not SSH text' };
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const isSsh = bytes.subarray(start, start + 4).toString('latin1') === 'SSH-';
    if (end === -1) {
      if (isSsh && bytes.length - start > MAX_IDENTIFICATION)
        return { kind: 'invalid', why: 'identification longer than 255 bytes' };
      if (bytes.length - start > MAX_LINE) return { kind: 'invalid', why: `a line longer than ${MAX_LINE} bytes` };
      return { kind: 'incomplete', lines };
    }
    // CR LF per the RFC; a bare LF is tolerated, as OpenSSH's client does.
    const text = bytes.subarray(start, bytes[end - 1] === 0x0d ? end - 1 : end).toString('utf8');
    if (isSsh) {
      if (end + 1 - start > MAX_IDENTIFICATION) return { kind: 'invalid', why: 'identification longer than 255 bytes' };
      const identification = parseIdentification(text);
      if (!identification) return { kind: 'invalid', why: `malformed identification ${visibleText(text, 80)}` };
      return { kind: 'identification', identification, linesBefore: lines, size: end + 1 };
    }
    lines.push(visibleText(text, LINE_CHARS));
    if (lines.length > MAX_LINES)
      return { kind: 'invalid', why: `more than ${MAX_LINES} lines before an identification` };
    start = end + 1;
  }
}

/** The text of the complete and partial lines in `data`, for a server that closed before identifying itself. */
export function linesOf(data: Uint8Array): string[] {
  const read = readIdentification(data);
  if (read.kind !== 'incomplete') return [];
  const tail = Buffer.from(data).toString('utf8').split('\n').at(-1) ?? '';
  return tail.length > 0 ? [...read.lines, visibleText(tail, LINE_CHARS)] : read.lines;
}

function parseIdentification(line: string): SshIdentification | null {
  // The RFC forbids `-` in the software version, but real servers send one (`SSH-1.99-Cisco-1.25`): read to the space.
  const match = /^SSH-(\d+\.\d+)-([\x21-\x7e]+)(?: (.*))?$/.exec(line);
  if (!match) return null;
  return {
    protoVersion: match[1]!,
    softwareVersion: visibleText(match[2]!, 100),
    comments: match[3] === undefined ? null : visibleText(match[3], 150),
  };
}
