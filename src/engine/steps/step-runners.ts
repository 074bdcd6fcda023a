import type { StepName } from '../../tree/tree-types.js';
import { dnsStep } from './dns-step.js';
import { httpStep } from './http-step.js';
import type { StepRunner } from './step-runner.js';
import { tcpConnectStep } from './tcp-connect-step.js';
import { tcpControlStep } from './tcp-control-step.js';
import { tcpRepeatStep } from './tcp-repeat-step.js';

type LazySteps = typeof import('./lazy-steps.js');
/** A step of lazy-steps.ts, whose bundle loads when one of them first runs: plain targets start without it. */
const fromLazySteps =
  <K extends StepName>(pick: (steps: LazySteps) => StepRunner<K>): StepRunner<K> =>
  async (context) =>
    pick(await import('./lazy-steps.js'))(context);

const localListenersStep: StepRunner<'local.listeners'> = async (context) =>
  (await import('./local-listeners-step.js')).localListenersStep(context);

/** Each step kind's runner, typed by its kind: the engine runs them through this record only. */
export type StepRunners = { [K in StepName]: StepRunner<K> };
/** Runs only after a forwarder dropped a connection: loaded then, with the local listeners' step. */
const backendStep: StepRunner<'forwarder.backend'> = async (context) =>
  (await import('./backend-step.js')).backendStep(context);

/** The work behind each step name the tree uses. */
export const stepRunners: StepRunners = {
  'dns.resolve': dnsStep,
  'tcp.connect-all': tcpConnectStep,
  'tcp.control': tcpControlStep,
  'http.request': httpStep,
  'tcp.repeat': tcpRepeatStep,
  'tls.handshake': fromLazySteps((steps) => steps.tlsStep),
  'tls.port-check': fromLazySteps((steps) => steps.tlsPortCheckStep),
  'service.identify': fromLazySteps((steps) => steps.serviceStep),
  'local.listeners': localListenersStep,
  'forwarder.backend': backendStep,
  'proxy.check': fromLazySteps((steps) => steps.proxyStep),
  'http.keepalive': fromLazySteps((steps) => steps.keepaliveStep),
  'http.repeat': fromLazySteps((steps) => steps.httpRepeatStep),
  'firewall.rules': fromLazySteps((steps) => steps.firewallStep),
  'protocol.handshake': fromLazySteps((steps) => steps.protocolStep),
};
