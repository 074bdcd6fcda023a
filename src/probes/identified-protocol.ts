/** What a peer's first bytes say it speaks. */
export interface IdentifiedProtocol {
  /** Stable id: `ssh`, `smtp`, `ftp`, `pop3`, `imap`, `mysql`, `redis`, `postgresql`, `tls`, `http`, … */
  id: string;
  /** Human name: `SSH`, `SMTP`, … */
  name: string;
  /** What gave it away, e.g. the banner `SSH-2.0-OpenSSH_9.2p1` (already made visible). */
  evidence: string;
}
