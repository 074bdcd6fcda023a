import { hostPort, serverLogs, tryConnect } from '../commands.js';
import { portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';

/** The port belongs to a forwarder (docker-proxy, ssh -L, kubectl port-forward, socat, a reverse proxy). */
export function forwarderBackendDown(facts: Facts): Verdict {
  const port = portOf(facts);
  const listener =
    facts.local?.kind === 'listeners' ? facts.local.listeners.find((l) => l.forwarder !== null) : undefined;
  const forwarder = listener?.forwarder;
  const mapping = forwarder?.kind === 'docker-proxy' ? forwarder.mapping : null;
  const who = `${forwarder?.name ?? 'a forwarder'}${listener?.pid != null ? ` (pid ${listener.pid})` : ''}`;
  const backend = mapping
    ? `${hostPort(mapping.containerIp, mapping.containerPort)} in the container`
    : 'the service it forwards to';
  const steps: Record<string, string[]> = {
    'docker-proxy': [
      `The app in the container must listen on 0.0.0.0 (all addresses), not 127.0.0.1: inside the container, its own loopback is not where docker-proxy connects`,
      "See the container and its port mapping: `docker ps --format '{{.Names}}\\t{{.Ports}}'`, then its log: `docker logs <container>`",
    ],
    ssh: [
      'Check the far end of the `ssh -L` tunnel: is the service running where the tunnel points? Restart the tunnel if the remote side went away',
    ],
    kubectl: [
      'Check the pod behind the port-forward: `kubectl get pods` and `kubectl logs <pod>`; restart `kubectl port-forward` after the pod was replaced',
    ],
    socat: ['Check the address socat forwards to (its command line), and start the service there'],
    'reverse-proxy': [`Check the proxy's upstream in its configuration and its error log: \`${serverLogs('linux')}\``],
    'container-runtime': ['Check the container behind the port: is it running, and does its app listen on 0.0.0.0?'],
  };
  return {
    id: 'forwarder-backend-down',
    title: `Port ${port} is a forwarder (${forwarder?.name ?? 'unknown'}) whose backend is down`,
    summary:
      `The TCP handshake completed, so something listens on port ${port}: ${who}, a program that forwards connections ` +
      `to ${backend}. It accepted, then dropped the connection without an answer, because it could not reach its ` +
      `backend. The forwarder is fine; the service behind it is down or unreachable.`,
    confidence: 'likely',
    evidence: [
      ...connectEvidence(facts),
      ...exchangeEvidence(facts),
      ...(listener ? [`listener: ${hostPort(listener.address, listener.port)} is ${who}`] : []),
      ...(mapping
        ? [
            `docker-proxy maps ${hostPort(mapping.hostIp, mapping.hostPort)} to ${hostPort(mapping.containerIp, mapping.containerPort)}`,
          ]
        : []),
    ],
    nextSteps: [
      ...(steps[forwarder?.kind ?? ''] ?? []),
      ...(mapping
        ? [`Try the backend directly: \`${tryConnect(mapping.containerIp, mapping.containerPort, facts.platform)}\``]
        : []),
    ],
  };
}
