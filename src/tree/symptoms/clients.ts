import type { SymptomTier } from './pattern-kit.js';

/** Ruby raises `Errno::ECONNREFUSED` and the like: the same codes as Node's, from another runtime. */
function ruby(code: string): RegExp {
  return new RegExp(String.raw`\bErrno::(${code})\b`);
}

/**
 * Clients whose own wording names the failure: command-line tools, HTTP libraries and browsers. Before the error
 * codes, so a Ruby `Errno::ECONNREFUSED` is not reported as Node's, and before the OS phrases, which some of these
 * contain in a way that says less.
 */
export const clientTier: SymptomTier = {
  // The phrases every pattern below needs.
  gate: /Errno::|connection to the server|Connection to \S+ refused|connect to the server|dropped the connection|establish a connection/i,
  patterns: [
    { pattern: ruby('ECONNREFUSED'), id: 'refused', source: 'Ruby Errno::{code}' },
    { pattern: ruby('ECONNRESET|EPIPE'), id: 'reset', source: 'Ruby Errno::{code}' },
    { pattern: ruby('ETIMEDOUT'), id: 'timeout', source: 'Ruby Errno::{code}' },
    { pattern: ruby('EHOSTUNREACH'), id: 'host-unreachable', source: 'Ruby Errno::{code}' },
    { pattern: ruby('ENETUNREACH'), id: 'network-unreachable', source: 'Ruby Errno::{code}' },
    {
      pattern: /The connection to the server localhost:8080 was refused/,
      id: 'refused',
      source: 'kubectl (no cluster configured)',
      meaning:
        'kubectl found no cluster configuration (no ~/.kube/config and no KUBECONFIG), so it fell back to http://localhost:8080, where nothing listens: the refusal is real, but the address is a default. Point kubectl at your cluster (kubectl config view shows what it read).',
    },
    {
      pattern: /The connection to the server \S+ was refused/,
      id: 'refused',
      source: 'kubectl',
      meaning:
        "kubectl's connection to the Kubernetes API server was refused (RST): nothing listens at the address and port in the kubeconfig (the API server is down, or the address is wrong).",
    },
    {
      pattern: /HttpHostConnectException: Connection to \S+ refused/,
      id: 'refused',
      source: 'Apache HttpClient HttpHostConnectException',
    },
    {
      pattern: /Safari[^\n]*(?:can[’']?t|cannot|could not|couldn[’']?t) connect to the server/i,
      id: 'refused',
      source: 'Safari "can\'t connect to the server"',
    },
    {
      pattern: /server unexpectedly dropped the connection/i,
      id: 'closed-without-response',
      source: 'Safari "the server unexpectedly dropped the connection"',
      meaning:
        'Safari had opened the connection, and it ended before a response arrived: usually a close (FIN) from the server, sometimes an abort (RST).',
    },
    {
      // For WebSockets Firefox prints this line whatever went wrong: a refusal, a TLS error or a rejected upgrade.
      pattern: /can[’']?t establish a connection to the server at wss?:\/\//i,
      id: 'unknown',
      source: 'Firefox WebSocket "can\'t establish a connection"',
      meaning:
        'Firefox says this for every WebSocket that failed to open, whether the connection was refused, the TLS handshake failed or the server answered the upgrade request with an error, so it names no failure on the wire; the probes find out which.',
    },
  ],
};
