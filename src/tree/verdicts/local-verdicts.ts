import { hostPort, tryConnect } from '../commands.js';
import { forwarderListener, portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';
import { backendSteps, backendWhere, forwarderEvidence, forwarderWho } from './forwarder-evidence.js';

/** What to check for each kind of forwarder, when its command line does not name the backend. */
const forwarderSteps: Record<string, string[]> = {
  'docker-proxy': [
    'The app in the container must listen on 0.0.0.0 (all addresses), not 127.0.0.1: inside the container, its own loopback is not where docker-proxy connects',
    "See the container and its port mapping: `docker ps --format '{{.Names}}\\t{{.Ports}}'`, then its log: `docker logs <container>`",
  ],
  ssh: [
    'Check the far end of the `ssh -L` tunnel: is the service running where the tunnel points? Restart the tunnel if the remote side went away',
  ],
  kubectl: [
    'Check the pod behind the port-forward: `kubectl get pods` and `kubectl logs <pod>`; restart `kubectl port-forward` after the pod was replaced',
  ],
  socat: ['Check the address socat forwards to (its command line), and start the service there'],
  'container-runtime': ['Check the container behind the port: is it running, and does its app listen on 0.0.0.0?'],
};

/**
 * The port belongs to a forwarder (docker-proxy, ssh -L, kubectl port-forward, socat, a container runtime's) that
 * accepted and dropped the connection. Certain when its backend, named on its command line, failed a connect
 * from here; likely otherwise.
 */
export function forwarderBackendDown(facts: Facts): Verdict {
  const port = portOf(facts);
  const listener = forwarderListener(facts);
  const forwarder = listener?.forwarder;
  const backend = forwarder?.backend;
  const mapping = forwarder?.kind === 'docker-proxy' ? forwarder.mapping : null;
  const probed = facts.backend?.kind === 'failed' || facts.backend?.kind === 'unresolved';
  const where = backend
    ? backendWhere(backend)
    : mapping
      ? `${hostPort(mapping.containerIp, mapping.containerPort)} in the container`
      : 'the service it forwards to';
  // Reached from a drop, or from a silence (a forwarder still trying its backend): say which was seen.
  const held = facts.http
    ? facts.http.kind === 'no-response'
    : facts.service?.kind === 'unknown' && facts.service.tried.every((t) => t.outcome === 'silent');
  const seen = held
    ? 'It accepted, then held the connection without a word'
    : 'It accepted, then dropped the connection without an answer';
  const why = probed
    ? `${seen}; conn-doctor then tried ${where} itself, and it failed too (see the evidence). `
    : `${seen}: what a forwarder does when it cannot reach its backend. `;
  return {
    id: 'forwarder-backend-down',
    title: probed
      ? `Port ${port} is a forwarder (${forwarder?.name ?? 'unknown'}) whose backend ${where} is down`
      : `Port ${port} is a forwarder (${forwarder?.name ?? 'unknown'}) whose backend is probably down`,
    summary:
      `The TCP handshake completed, so something listens on port ${port}: ${forwarderWho(listener)}, a program that ` +
      `forwards connections to ${where}. ${why}The forwarder is fine; the service behind it is down or unreachable.`,
    confidence: probed ? 'certain' : 'likely',
    evidence: [
      ...connectEvidence(facts),
      ...exchangeEvidence(facts),
      ...forwarderEvidence(facts),
      ...(mapping && backend === undefined
        ? [
            `docker-proxy maps ${hostPort(mapping.hostIp, mapping.hostPort)} to ${hostPort(mapping.containerIp, mapping.containerPort)}`,
          ]
        : []),
    ],
    // docker-proxy's backend is inside the container: its own steps say how to look there.
    nextSteps:
      backend && forwarder?.kind !== 'docker-proxy'
        ? backendSteps(backend, facts)
        : [
            ...(forwarderSteps[forwarder?.kind ?? ''] ?? []),
            ...(mapping
              ? [
                  `Try the backend directly: \`${tryConnect(mapping.containerIp, mapping.containerPort, facts.platform)}\``,
                ]
              : []),
          ],
  };
}
