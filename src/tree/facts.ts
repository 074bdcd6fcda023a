import type { WireProtocol } from '../protocols/server-reasons.js';
import { schemeProtocol, type Target, transportScheme } from '../shared/target.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { HttpResult } from '../probes/http-result.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TcpRepeatResult } from '../probes/tcp-repeat.js';
import type { ServiceIdentity } from '../probes/service-identity.js';
import type { LocalListener, LocalListenersResult } from '../probes/local-listeners/listener.js';
import type { BackendCheck } from '../probes/backend-check.js';
import type { ProxyResult } from '../probes/proxy-result.js';
import type { KeepAliveResult } from '../probes/keepalive-idle.js';
import type { FirewallReading } from '../probes/firewall-rules.js';
import type { WhereAmI } from '../probes/where-am-i.js';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import type { SmtpHandshake } from '../protocols/smtp-handshake.js';
import type { TlsResult, TlsSession } from '../probes/tls-result.js';
import { proxyFor, type ProxyDecision } from '../probes/proxy-settings.js';
import type { DecodedSymptom } from './symptom.js';

/** Connect attempts to a host's other ports, made when the target port was silent. */
export interface ControlFacts {
  address: string;
  attempts: TcpConnectResult[];
}

/**
 * Everything measured and answered so far in one session. Guards read it to choose an edge; verdict
 * builders read it for evidence. Each probe node fills its own key.
 */
export interface Facts {
  target: Target;
  symptom: DecodedSymptom | null;
  platform: NodeJS.Platform;
  /** `--dns-server`, when given. */
  dnsServer: string | null;
  /** `--ca`: a PEM file of CA certificates trusted on top of the system's. */
  caFile: string | null;
  timeoutMs: number;
  /** `--repeat`: connects in a row for the stability check; null when not asked for. */
  repeatCount: number | null;
  /** The environment proxy variables are read from (the process's own, or a test's). Never reported. */
  env: NodeJS.ProcessEnv;
  /** Question id → chosen value. */
  answers: Record<string, string>;
  dns?: DnsFacts;
  tcp?: TcpConnectResult[];
  control?: ControlFacts;
  http?: HttpResult;
  repeat?: TcpRepeatResult;
  tls?: TlsResult;
  service?: ServiceIdentity;
  /** Who listens on the target's port on this machine (local targets only). */
  local?: LocalListenersResult;
  /**
   * A connect made again after a listener was found on an address that had refused: `open` when the service came
   * up during the diagnosis. Absent when no listener covers a refused address.
   */
  localRecheck?: TcpConnectResult;
  /** One connect to the backend that the port's forwarder names on its command line. */
  backend?: BackendCheck;
  /** The same request sent through the proxy the environment names. */
  viaProxy?: ProxyResult;
  /** How long the server keeps an idle keep-alive connection. */
  keepalive?: KeepAliveResult;
  /** Repeated whole HTTP requests (the stability check of http targets). */
  repeatHttp?: HttpResult[];
  /** This machine's firewall rules for the port (read only). */
  firewall?: FirewallReading;
  /** The application protocol's handshake: what the server itself said. */
  protocol?: ProtocolCheck;
  /** Whether conn-doctor runs on a host, in a container or in WSL (read with the local listeners). */
  place?: WhereAmI;
}

/** The Host header a client sends: the port only when it is not the scheme's default, IPv6 in brackets. */
export function hostHeaderOf(facts: Facts): string {
  const port = portOf(facts);
  const { host, scheme } = facts.target;
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return port === (scheme === 'https' ? 443 : 80) ? bracketed : `${bracketed}:${port}`;
}

/** Where the user's clients would send this target, by the proxy variables (evaluated as curl does). */
export function proxyRoute(facts: Facts): ProxyDecision {
  return proxyFor(
    { scheme: transportScheme(facts.target.scheme), host: facts.target.host, port: portOf(facts) },
    facts.env,
  );
}

/**
 * What forward proxies answer for themselves: 403 by policy, 502, 503 and 504 when the origin failed them (Squid's
 * ERR_ACCESS_DENIED, ERR_READ_ERROR, ERR_CONNECT_FAIL, ERR_READ_TIMEOUT). To a GET these cannot be told from the
 * target's own answer, so they never count as the target answering through the proxy.
 */
const proxyOwnStatuses = new Set([403, 502, 503, 504]);

/** Through the proxy the target answered: an HTTP answer to the GET, or for CONNECT the tunnel (and TLS through it). */
export function proxyCarried(facts: Facts): boolean {
  const via = facts.viaProxy;
  switch (via?.kind) {
    case 'tunnel-established':
      // A tcp target needs the tunnel only; an https one also a finished handshake with whatever is at its end.
      return via.tls === null || via.tls.kind === 'secure';
    case 'proxy-answered':
      return via.method === 'GET' && !proxyOwnStatuses.has(via.status);
    default:
      return false;
  }
}

/** The target's port: given in the target, or answered to the `target.port` question. */
export function portOf(facts: Facts): number {
  if (facts.target.port !== null) return facts.target.port;
  const answered = Number(facts.answers['target.port']);
  return Number.isInteger(answered) && answered > 0 && answered < 65536 ? answered : 80;
}

/**
 * The TLS session SMTP's STARTTLS upgrade established, with its certificate judged as the TLS step judges one;
 * null when no upgrade completed or its certificate was not judged.
 */
export function startTlsSessionOf(facts: Facts): TlsSession | null {
  const hello = smtpHelloOf(facts.protocol);
  return hello?.kind === 'hello' && hello.startTls?.kind === 'upgraded' ? hello.startTls.session : null;
}

/** The SMTP handshake behind a check, when it got past a 220 greeting; the one place its type is read back. */
export function smtpHelloOf(
  check: ProtocolCheck | undefined,
): Extract<SmtpHandshake, { kind: 'hello' | 'hello-unanswered' }> | null {
  if (check?.protocol !== 'smtp') return null;
  const handshake = check.handshakes[0] as SmtpHandshake | undefined;
  return handshake?.kind === 'hello' || handshake?.kind === 'hello-unanswered' ? handshake : null;
}

/** The name a client sends as SNI and checks the certificate against: none for an IP literal. */
export const serverNameOf = (facts: Facts): string | null =>
  facts.target.hostKind === 'ipv4' || facts.target.hostKind === 'ipv6' ? null : facts.target.host;

/** The listener on the target's port that is a known forwarder or proxy, when the local listeners were read. */
export function forwarderListener(facts: Facts): LocalListener | undefined {
  return facts.local?.kind === 'listeners' ? facts.local.listeners.find((l) => l.forwarder !== null) : undefined;
}

/** Service identification's ids (src/probes/identify-protocol.ts) that have a handshake in src/protocols. */
const handshakeIds: ReadonlySet<string> = new Set<WireProtocol>([
  'postgresql',
  'mysql',
  'redis',
  'ssh',
  'smtp',
  'amqp',
  'mongodb',
]);

/** The protocol to shake hands in: the target's scheme's, else the one service identification recognised. */
export function handshakeProtocol(facts: Facts): WireProtocol | null {
  const fromScheme = schemeProtocol(facts.target.scheme);
  if (fromScheme) return fromScheme;
  const id = facts.service?.kind === 'identified' ? facts.service.protocol.id : null;
  return id !== null && handshakeIds.has(id) ? (id as WireProtocol) : null;
}
