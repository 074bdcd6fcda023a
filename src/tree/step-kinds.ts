import type { BackendCheck } from '../probes/backend-check.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { FirewallReading } from '../probes/firewall-rules.js';
import type { HttpResult } from '../probes/http-result.js';
import type { KeepAliveResult } from '../probes/keepalive-idle.js';
import type { LocalListenersResult } from '../probes/local-listeners/listener.js';
import type { ProxyResult } from '../probes/proxy-result.js';
import type { ServiceIdentity } from '../probes/service-identity.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TcpRepeatResult } from '../probes/tcp-repeat.js';
import type { TlsResult } from '../probes/tls-result.js';
import type { WhereAmI } from '../probes/where-am-i.js';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import type { ControlFacts } from './facts.js';

/** How a run of repeated tries went: every one worked, none did, or some of each. */
export type RepeatOutcome = 'all-open' | 'all-failed' | 'mixed';

/**
 * Who listens on the port on this machine, and whether this machine is a host, a container or WSL; `recheck`: a
 * second connect, made only when a listener covers an address that refused (it came up meanwhile, or something
 * here rejects connections to it).
 */
export type LocalListenersDetails = LocalListenersResult & { place: WhereAmI; recheck?: TcpConnectResult };

/**
 * Every named piece of work a probe node can run, with what its step reports: the stable `outcome` words (the
 * probe's own `kind` where it has one) and the probe's result kept as `details`. Adding a step kind is one entry
 * here; the compiler then asks for its runner, its marks and its part in the exchange diagram.
 */
export interface StepKinds {
  'dns.resolve': { outcome: DnsFacts['conclusion']['kind']; details: DnsFacts };
  /** `mixed` when the addresses did not all end alike; `none` when there was no address to try. */
  'tcp.connect-all': { outcome: TcpConnectResult['kind'] | 'mixed' | 'none'; details: TcpConnectResult[] };
  /** `skipped` when no address was left to check. */
  'tcp.control': { outcome: 'host-answers' | 'host-silent' | 'skipped'; details: ControlFacts };
  'tls.handshake': { outcome: TlsResult['kind']; details: TlsResult };
  'tls.port-check': { outcome: TlsResult['kind']; details: TlsResult };
  'http.request': { outcome: HttpResult['kind']; details: HttpResult };
  'service.identify': { outcome: ServiceIdentity['kind']; details: ServiceIdentity };
  'local.listeners': { outcome: 'found' | 'none' | 'unavailable'; details: LocalListenersDetails };
  /** One connect to the backend a forwarder's command line names. */
  'forwarder.backend': { outcome: BackendCheck['kind']; details: BackendCheck };
  'proxy.check': { outcome: ProxyResult['kind']; details: ProxyResult };
  'http.keepalive': { outcome: KeepAliveResult['kind']; details: KeepAliveResult };
  'http.repeat': { outcome: RepeatOutcome; details: HttpResult[] };
  'firewall.rules': { outcome: FirewallReading['kind']; details: FirewallReading };
  'tcp.repeat': { outcome: RepeatOutcome; details: TcpRepeatResult };
  /** The application protocol's handshake: the server's reason, or how the handshake was cut short. */
  'protocol.handshake': { outcome: ProtocolOutcome; details: ProtocolCheck };
}

/** A handshake's outcome word: the reason the server's answer maps to, or the kind of cut-short. */
export type ProtocolOutcome =
  | (ProtocolCheck['reading'] & { kind: 'answered' })['reason']
  | (ProtocolCheck['reading'] & { kind: 'cut-short' })['cut']['kind'];

/** The named pieces of work a probe node can run; the engine maps each to its probes. */
export type StepName = keyof StepKinds;

/** The outcome words a step of this kind can report. */
export type StepOutcome<K extends StepName> = StepKinds[K]['outcome'];

/** The probe result a step of this kind keeps. */
export type StepDetails<K extends StepName> = StepKinds[K]['details'];
