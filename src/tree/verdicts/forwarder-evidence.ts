import type { BackendCheck } from '../../probes/backend-check.js';
import type { ForwarderBackend } from '../../probes/local-listeners/forwarder-backend.js';
import type { LocalListener } from '../../probes/local-listeners/listener.js';
import { isLocalAddress } from '../../probes/local-listeners/is-local-address.js';
import { visibleText } from '../../probes/visible-bytes.js';
import { hostPort, shellQuote, tryConnect, whoListens } from '../commands.js';
import { forwarderListener, type Facts } from '../facts.js';
import { describeAttempt, ms } from './evidence.js';

/** Any process writes its own command line: what comes from it is shown bounded, control characters visible. */
export const shown = (text: string) => visibleText(text, 120);

/** "HAProxy (pid 4242)": the forwarder as the listener line and the summaries name it. */
export function forwarderWho(listener: LocalListener | undefined): string {
  const name = listener?.forwarder?.name ?? 'a forwarder';
  return `${name}${listener?.pid != null ? ` (pid ${listener.pid})` : ''}`;
}

/** Where the backend is, in words: "127.0.0.1:3000", "localhost:3000 as root@db1 sees it", "svc/web port 80". */
export function backendWhere(backend: ForwarderBackend): string {
  switch (backend.kind) {
    case 'address':
      return shown(hostPort(backend.host, backend.port));
    case 'remote':
      return `${shown(hostPort(backend.host, backend.port))} as ${shown(backend.via)} sees it`;
    case 'kubernetes':
      return `${shown(backend.resource)} port ${shown(backend.port)}${backend.namespace ? ` in namespace ${shown(backend.namespace)}` : ''}`;
    case 'config':
      return `the backends named in ${backend.files.map(shown).join(', ')}`;
  }
}

/** What the forwarder's command line says about its backend, one evidence line. */
function backendLine(forwarder: NonNullable<LocalListener['forwarder']>, backend: ForwarderBackend): string {
  switch (backend.kind) {
    case 'address':
    case 'remote':
      return `its command line forwards to ${backendWhere(backend)} (${shown(backend.spec)})`;
    case 'kubernetes':
      return `kubectl port-forward targets ${backendWhere(backend)}`;
    case 'config':
      return `${forwarder.name}'s configuration: ${backend.files.map(shown).join(', ')} (from its command line)`;
  }
}

/** What the one connect to the backend saw, as a sentence: "backend 127.0.0.1:3000 refused: nothing listens there". */
export function backendCheckLine(check: BackendCheck): string | null {
  if (check.kind === 'aborted') return null;
  const where = shown(hostPort(check.backend.host, check.backend.port));
  if (check.kind === 'unresolved') return `backend ${where}: the name does not resolve here (${check.errno})`;
  if (check.kind === 'accepted') return `backend ${where} accepted a connection from here: something listens there`;
  const [first] = check.attempts;
  if (check.attempts.length === 1 && first) {
    switch (first.kind) {
      case 'refused':
        return `backend ${where} refused: nothing listens there (SYN answered by RST in ${ms(first.connectMs)})`;
      case 'timeout':
        return `backend ${where} did not answer the SYN within ${ms(first.waitedMs)}`;
      default:
        return `backend ${where}: ${describeAttempt(first)}`;
    }
  }
  return `backend ${where} failed on every address: ${check.attempts.map(describeAttempt).join('; ')}`;
}

/** The listener, what its command line names, and what the backend answered: the evidence a forwarder adds. */
export function forwarderEvidence(facts: Facts): string[] {
  const listener = forwarderListener(facts);
  const forwarder = listener?.forwarder;
  if (!listener || !forwarder) return [];
  const backend = forwarder.backend;
  const check = facts.backend ? backendCheckLine(facts.backend) : null;
  return [
    `listener: ${hostPort(listener.address, listener.port)} is ${forwarderWho(listener)}`,
    ...(backend ? [backendLine(forwarder, backend)] : []),
    ...(check ? [check] : []),
  ];
}

/** Next steps aimed at a backend the command line names. */
export function backendSteps(backend: ForwarderBackend, facts: Facts): string[] {
  switch (backend.kind) {
    case 'address':
      return [
        `Start the service on ${backendWhere(backend)}, or point the forwarder at the port the service really listens on`,
        `See what listens on port ${backend.port} ${isLocalAddress(backend.host) || backend.host === 'localhost' ? 'on this machine' : `on ${shown(backend.host)}`}: \`${whoListens(backend.port, facts.platform)}\``,
        `Try the backend directly: \`${tryConnect(backend.host, backend.port, facts.platform)}\``,
      ];
    case 'remote': {
      const via = shellQuote(backend.via);
      return [
        `The backend is reached from ${shown(backend.via)}, not from here: check it there: \`ssh ${via} nc -vz ${shellQuote(backend.host)} ${backend.port}\``,
        'Restart the tunnel once the service on the far side runs; ssh prints "open failed: connect failed" for each connection it could not pass on',
      ];
    }
    case 'kubernetes': {
      const ns = backend.namespace ? ` -n ${shellQuote(backend.namespace)}` : '';
      return [
        `Check the target of the port-forward: \`kubectl get ${shellQuote(backend.resource)}${ns}\` and \`kubectl describe ${shellQuote(backend.resource)}${ns}\``,
        `Does the container listen on port ${shown(backend.port)}? kubectl prints "error forwarding port" when it does not; see its logs: \`kubectl logs ${shellQuote(backend.resource)}${ns}\``,
      ];
    }
    case 'config':
      return [`Check the backends named in ${backend.files.map(shown).join(', ')}`];
  }
}
