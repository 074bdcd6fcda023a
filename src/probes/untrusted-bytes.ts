/**
 * Bytes that came from the network, made safe to show: bounded, with control characters and terminal
 * escapes written out visibly (`\x1b`, `\r`), so a hostile peer cannot drive the user's terminal or a report.
 */
export interface UntrustedBytes {
  /** Printable rendering of the first bytes: ASCII as is, everything else escaped. */
  text: string;
  /** Hex dump of the first bytes (at most 32), for binary protocols. */
  hex: string;
  /** How many bytes arrived in total (may exceed what `text` shows). */
  length: number;
}
