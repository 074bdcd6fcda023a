import { connectTimeout, readTimeout, type SymptomTier } from './pattern-kit.js';

/**
 * nginx's error-log line for a failed upstream call: `connect() failed (111: Connection refused) while connecting
 * to upstream`, `upstream timed out (110: …) while reading response header from upstream`. The number is the
 * errno nginx got from its own socket to the backend (Linux numbers).
 */
function nginxUpstream(errnos: string, while_ = String.raw`[^\n]*upstream`): RegExp {
  return new RegExp(String.raw`\((?:${errnos}): [^)\n]*\) while ${while_}`);
}

/** Envoy (and Istio's sidecars) answer a request they could not pass on with this line, then the reset reason. */
const envoy = String.raw`upstream connect error or disconnect\/reset before headers`;

const backend = (what: string) =>
  `${what} The client itself reached the gateway and got an HTTP error (502, 503 or 504) from it; diagnose the backend address from the log line to see this failure directly.`;

/**
 * Gateways reporting on their backend. Before the OS phrases and error codes: the errno these lines carry is the
 * gateway's, one hop past the client, and each pattern says so (`gateway`).
 */
export const gatewayTier: SymptomTier = {
  // Every line here names the upstream (nginx) or says "upstream connect error" (Envoy).
  gate: /upstream/i,
  patterns: [
    {
      pattern: nginxUpstream('111'),
      id: 'refused',
      source: 'nginx upstream (111: Connection refused)',
      meaning: backend(
        'nginx tried to open a connection to its backend (upstream) and was refused (RST): nothing listens at the upstream address and port.',
      ),
      gateway: true,
    },
    {
      pattern: nginxUpstream('110', 'connecting to upstream'),
      id: 'timeout',
      source: 'nginx upstream (110: Connection timed out)',
      meaning: backend(`nginx could not connect to its backend (upstream). ${connectTimeout}`),
      gateway: true,
    },
    {
      pattern: nginxUpstream('110'),
      id: 'timeout',
      source: 'nginx upstream (110: Connection timed out)',
      meaning: backend(`nginx reached its backend (upstream), but the backend did not answer in time. ${readTimeout}`),
      gateway: true,
    },
    {
      pattern: nginxUpstream('104'),
      id: 'reset',
      source: 'nginx upstream (104: Connection reset by peer)',
      meaning: backend('nginx was talking to its backend (upstream) when the backend aborted the connection (RST).'),
      gateway: true,
    },
    {
      pattern: nginxUpstream('113'),
      id: 'host-unreachable',
      source: 'nginx upstream (113: No route to host)',
      meaning: backend('nginx could not reach the host of its backend (upstream): no route to it.'),
      gateway: true,
    },
    {
      pattern: /upstream prematurely closed connection/i,
      id: 'closed-without-response',
      source: 'nginx upstream',
      meaning: backend(
        'nginx reached its backend, but the backend closed the connection without sending a complete response header.',
      ),
      gateway: true,
    },
    {
      pattern: /\bno live upstreams\b/,
      id: 'unknown',
      source: 'nginx "no live upstreams"',
      meaning:
        'nginx did not even try a connection: every server of the upstream group had been marked failed after earlier failed attempts (max_fails), so it answered 502 at once. This line names no failure on the wire; the earlier lines of the same error log say how those attempts failed, and the probes find out what happens now.',
      gateway: true,
    },
    {
      pattern: new RegExp(`${envoy}[^\\n]*(?:connect error: 111|Connection refused)`, 'i'),
      id: 'refused',
      source: 'Envoy upstream connect error (connection refused)',
      meaning: backend('Envoy tried to open a connection to its backend (upstream cluster) and was refused (RST).'),
      gateway: true,
    },
    {
      pattern: new RegExp(`${envoy}[^\\n]*(?:connect error: 110|connection timeout|timed out)`, 'i'),
      id: 'timeout',
      source: 'Envoy upstream connect error (timeout)',
      meaning: backend(`Envoy could not connect to its backend (upstream cluster). ${connectTimeout}`),
      gateway: true,
    },
    {
      pattern: new RegExp(`${envoy}[^\\n]*reset reason: connection termination`),
      id: 'closed-without-response',
      source: 'Envoy upstream connect error (connection termination)',
      meaning: backend(
        'Envoy had a connection to its backend (upstream cluster), and the backend closed it before sending response headers.',
      ),
      gateway: true,
    },
    {
      pattern: new RegExp(envoy),
      id: 'unknown',
      source: 'Envoy upstream connect error',
      meaning:
        'Envoy (or an Istio sidecar) answered for its backend: it got no response headers from it. The reset reason says why, but this one names no failure the probes can look for directly ("connection failure" alone may be a refusal, a timeout or a TLS error towards the backend; "overflow" is Envoy\'s own circuit breaker; "remote reset" is an HTTP/2 stream reset), so the diagnosis starts from the beginning.',
      gateway: true,
    },
  ],
};
