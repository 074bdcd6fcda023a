import type { StepName } from '../../tree/tree-types.js';
import { dnsStep } from './dns-step.js';
import { httpStep } from './http-step.js';
import type { StepRunner } from './step-runner.js';
import { tcpConnectStep } from './tcp-connect-step.js';
import { tcpControlStep } from './tcp-control-step.js';
import { tcpRepeatStep } from './tcp-repeat-step.js';

type LazySteps = typeof import('./lazy-steps.js');
/** The steps of lazy-steps.ts, whose bundle loads when one of them first runs: plain targets start without it. */
const fromLazySteps =
  (name: Exclude<keyof LazySteps, 'tlsSockets'>): StepRunner =>
  async (context) =>
    (await import('./lazy-steps.js'))[name](context);

const localListenersStep: StepRunner = async (context) =>
  (await import('./local-listeners-step.js')).localListenersStep(context);

/** Runs only after a forwarder dropped a connection: loaded then, with the local listeners' step. */
const backendStep: StepRunner = async (context) => (await import('./backend-step.js')).backendStep(context);

/** The work behind each step name the tree uses. */
export const stepRunners: Record<StepName, StepRunner> = {
  'dns.resolve': dnsStep,
  'tcp.connect-all': tcpConnectStep,
  'tcp.control': tcpControlStep,
  'http.request': httpStep,
  'tcp.repeat': tcpRepeatStep,
  'tls.handshake': fromLazySteps('tlsStep'),
  'tls.port-check': fromLazySteps('tlsPortCheckStep'),
  'service.identify': fromLazySteps('serviceStep'),
  'local.listeners': localListenersStep,
  'forwarder.backend': backendStep,
  'proxy.check': fromLazySteps('proxyStep'),
  'http.keepalive': fromLazySteps('keepaliveStep'),
  'http.repeat': fromLazySteps('httpRepeatStep'),
  'firewall.rules': fromLazySteps('firewallStep'),
};
