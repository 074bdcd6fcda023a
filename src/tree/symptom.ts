/** The error message a user saw, decoded into what it means on the wire. */
export interface DecodedSymptom {
  /** What the user typed, bounded and made visible. */
  input: string;
  /** The family of failure the message belongs to; it picks the entry branch. */
  id: SymptomId;
  /** Where the message comes from, e.g. `curl exit 7`, `Node.js ECONNREFUSED`, `Windows WSAECONNRESET (10054)`. */
  source: string;
  /** What that message means on the wire, in plain words. */
  meaning: string;
  /**
   * Set when the message is a gateway's (nginx, Envoy) about its own connection to a backend: the failure it
   * names is one hop past the client, which itself got an HTTP error from the gateway.
   */
  gateway?: true;
}

export type SymptomId =
  | 'refused'
  | 'reset'
  | 'closed-without-response'
  | 'timeout'
  | 'dns-not-found'
  | 'dns-temporary'
  | 'host-unreachable'
  | 'network-unreachable'
  | 'tls-error'
  | 'tls-certificate'
  | 'intermittent'
  // The server answered in its own protocol and refused (a database, Redis, SSH, AMQP or SMTP client's text).
  | 'server-rejects-client'
  | 'server-connection-limit'
  | 'server-requires-tls'
  | 'authentication-required'
  | 'authentication-failed'
  | 'server-not-ready'
  | 'database-missing'
  /** The connection opened and ended before the server's greeting or during its handshake (OpenSSH's kex_…). */
  | 'dropped-at-greeting'
  | 'unknown';
