/** What the tables of known messages are made of: the pattern type, shared meanings and pattern builders. */
import type { SymptomId } from '../symptom.js';

/** One known error message: how to spot it, the failure family it belongs to and who prints it. */
export interface SymptomPattern {
  /** Tested against the user's text; never global or sticky (`exec` must not carry state between calls). */
  pattern: RegExp;
  /**
   * The failure family. `unknown` only for messages recognised as naming no failure on the wire (a gateway that
   * did not even try, a browser line every WebSocket failure prints): they say so in their meaning.
   */
  id: SymptomId;
  /** Where the message comes from; `{code}` is replaced by the pattern's first group, upper-cased. */
  source: string;
  /** Replaces the family's meaning when this message tells more about what happened. Required for `unknown`. */
  meaning?: string;
  /** The message is a gateway's (nginx, Envoy) about its own connection to a backend, one hop past the client. */
  gateway?: true;
  /**
   * A cheap test the pattern needs to match, shared by a group of patterns (`curlGate`): the decoder runs it once
   * per text and skips the whole group when it fails.
   */
  gate?: RegExp;
}

/**
 * One tier of the decoder's ordered list. `gate` is a cheap test that every pattern of the tier needs to match:
 * without it the tier is skipped, its patterns never run (nor get compiled), so a family added for a few tools
 * costs the other texts one scan instead of one per pattern.
 */
export interface SymptomTier {
  gate?: RegExp;
  patterns: readonly SymptomPattern[];
}

// Meanings several messages share: which half of a timeout, which way TLS met plain text, a local abort.
export const connectTimeout =
  'The connection request (SYN) got no answer within the time limit: a firewall silently dropping packets, or a host that is down or not there.';
export const readTimeout =
  'The connection opened and the request was sent, but the server sent nothing back within the time limit (a hung or overloaded server, or a protocol mismatch where both sides wait).';
export const tlsGotPlaintext =
  'The client started a TLS handshake but the server answered with bytes that are not TLS: typically a plain HTTP port reached with https://.';
export const plaintextGotTls =
  'The client spoke plain HTTP to a port that expects TLS, so the server answered with an error instead of a page: use https://.';
export const locallyAborted =
  "This machine's own network stack aborted an established connection, usually after sent data went unacknowledged, or because local security software cut it.";
export const tlsCutShort =
  'The TCP connection opened but was closed or reset before the TLS handshake finished: often a port that does not speak TLS, a proxy or firewall cutting TLS, or a server that rejected the handshake.';

/** Words that say the failure comes and goes. */
export const intermittentWords =
  /\b(?:sometimes|intermittent(?:ly)?|randomly|at random|flaky|flakey|sporadic(?:ally)?|occasional(?:ly)?|now and (?:then|again)|from time to time|once in a while|every so often)\b/i;

/** `curl: (7)`, a bare `(7)`, `exit code 7`, PHP's `cURL error 7` (or `(#7)`) and the `CURLE_…` name. */
export function curl(code: number, name: string, then = ''): RegExp {
  const exit = String.raw`(?:(?:^|[\s:])\(#?${code}\)|\bexit(?:ed with)? (?:code|status)[ :=]*${code}\b|\bcurl error:? ?${code}\b|\bCURLE_${name}\b)`;
  return new RegExp(then === '' ? exit : `${exit}[^\\n]*${then}`, 'i');
}
/** Something every curl pattern needs: an exit code in one of its forms, or a message of curl's. */
export const curlGate = /\(#?\d+\)|\bexit|curl error|CURLE_|Failed to connect to|Couldn't connect to|resolve proxy/i;

/** curl 7 in any of its forms, with its message from old curl (`couldn't connect to host`) and new. */
export const curl7 = String.raw`(?:(?:^|[\s:])\(#?7\)|\bexit(?:ed with)? (?:code|status)[ :=]*7\b|\bcurl error:? ?7\b|\bCURLE_COULDNT_CONNECT\b|Failed to connect to \S+ port \d+|Couldn't connect to (?:server|host))`;

/** A Windows Sockets error by number, in the forms tools print it (`WinError 10061`, `(10061)`, `error 10061`). */
export function winsock(code: number, name: string, message: string): RegExp {
  return new RegExp(String.raw`\b${name}\b|(?:WinError|error|errno|code|#|\()\s*:?\s*${code}\b|${message}`, 'i');
}

/** Python prints OS errors as `[Errno 111]`; Linux numbers first, then macOS. */
export function errno(...numbers: number[]): RegExp {
  return new RegExp(String.raw`\[Errno (?:${numbers.join('|')})\]`);
}
