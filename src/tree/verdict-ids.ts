/** The verdict catalogue's stable ids (SPEC §3, docs/verdicts.md). Ids may be added, never renamed. */
export const verdictIds = [
  'healthy',
  'dns-no-such-host',
  'dns-no-address',
  'dns-resolver-failure',
  'no-listener',
  'listener-bound-elsewhere',
  'listener-came-up',
  'address-family-mismatch',
  'port-filtered',
  'host-unreachable',
  'network-unreachable',
  'forwarder-backend-down',
  'reset-after-accept',
  'closed-without-response',
  'no-response',
  'tls-to-plaintext-port',
  'plaintext-to-tls-port',
  'tls-certificate-untrusted',
  'tls-certificate-expired',
  'tls-hostname-mismatch',
  'tls-handshake-failure',
  'http-upstream-error',
  'http-error-status',
  'unexpected-protocol',
  'proxy-interference',
  'intermittent-failures',
  'idle-keepalive-close',
  'server-rejects-client',
  'server-connection-limit',
  'server-requires-tls',
  'authentication-required',
  'authentication-failed',
  'server-not-ready',
  'database-missing',
  'server-error',
] as const;

export type VerdictId = (typeof verdictIds)[number];

export type Confidence = 'certain' | 'likely' | 'possible';

/** The root cause a session ends in, with what supports it and what to do next. */
export interface Verdict {
  id: VerdictId;
  title: string;
  /** What happened on the wire, in plain words. */
  summary: string;
  confidence: Confidence;
  /** Measured facts, one per line. */
  evidence: string[];
  /** Commands with host and port filled in, each with a short reason. */
  nextSteps: string[];
}
