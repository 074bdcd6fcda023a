import type { SocketFactory } from '../../probes/budgeted-socket.js';
import type { Facts } from '../../tree/facts.js';
import type { StepRunner } from './step-runner.js';

/**
 * The steps most runs never reach (TLS, service identification, protocol handshakes, proxies, keep-alive, repeats,
 * firewall rules), gathered in one module that the build turns into one bundle of its own: the headless start does
 * not parse them, and the steps that share state (the trust store's TLS context) share one copy of it. Each step's
 * own module is imported when the step first runs, so that the bundle initialises only what is used, and the Node
 * modules with it: a redis:// handshake loads no TLS, child_process or dgram code (~10 ms of a ~50 ms start).
 */
export const firewallStep: StepRunner<'firewall.rules'> = async (context) =>
  (await import('./firewall-step.js')).firewallStep(context);
export const httpRepeatStep: StepRunner<'http.repeat'> = async (context) =>
  (await import('./http-repeat-step.js')).httpRepeatStep(context);
export const keepaliveStep: StepRunner<'http.keepalive'> = async (context) =>
  (await import('./keepalive-step.js')).keepaliveStep(context);
export const protocolStep: StepRunner<'protocol.handshake'> = async (context) =>
  (await import('./protocol-step.js')).protocolStep(context);
export const proxyStep: StepRunner<'proxy.check'> = async (context) =>
  (await import('./proxy-step.js')).proxyStep(context);
export const serviceStep: StepRunner<'service.identify'> = async (context) =>
  (await import('./service-step.js')).serviceStep(context);
export const tlsStep: StepRunner<'tls.handshake'> = async (context) => (await import('./tls-step.js')).tlsStep(context);
export const tlsPortCheckStep: StepRunner<'tls.port-check'> = async (context) =>
  (await import('./tls-step.js')).tlsPortCheckStep(context);
/** The https request's sockets, over the TLS step's trust store. */
export const tlsSockets = async (facts: Facts): Promise<SocketFactory> =>
  (await import('./tls-sockets.js')).tlsSockets(facts);
