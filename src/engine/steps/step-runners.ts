import type { StepName } from '../../tree/tree-types.js';
import { dnsStep } from './dns-step.js';
import { httpStep } from './http-step.js';
import type { StepRunner } from './step-runner.js';
import { tcpConnectStep } from './tcp-connect-step.js';
import { tcpControlStep } from './tcp-control-step.js';
import { tcpRepeatStep } from './tcp-repeat-step.js';

/** Steps that need node:tls (and its crypto) load it when they run, so plain targets start without it. */
const tlsStep: StepRunner = async (context) => (await import('./lazy-steps.js')).tlsStep(context);
const tlsPortCheckStep: StepRunner = async (context) => (await import('./lazy-steps.js')).tlsPortCheckStep(context);
const localListenersStep: StepRunner = async (context) =>
  (await import('./local-listeners-step.js')).localListenersStep(context);
const proxyStep: StepRunner = async (context) => (await import('./lazy-steps.js')).proxyStep(context);
const keepaliveStep: StepRunner = async (context) => (await import('./lazy-steps.js')).keepaliveStep(context);
const httpRepeatStep: StepRunner = async (context) => (await import('./lazy-steps.js')).httpRepeatStep(context);
const firewallStep: StepRunner = async (context) => (await import('./lazy-steps.js')).firewallStep(context);
const serviceStep: StepRunner = async (context) => (await import('./lazy-steps.js')).serviceStep(context);

/** The work behind each step name the tree uses. */
export const stepRunners: Record<StepName, StepRunner> = {
  'dns.resolve': dnsStep,
  'tcp.connect-all': tcpConnectStep,
  'tcp.control': tcpControlStep,
  'http.request': httpStep,
  'tcp.repeat': tcpRepeatStep,
  'tls.handshake': tlsStep,
  'tls.port-check': tlsPortCheckStep,
  'service.identify': serviceStep,
  'local.listeners': localListenersStep,
  'proxy.check': proxyStep,
  'http.keepalive': keepaliveStep,
  'http.repeat': httpRepeatStep,
  'firewall.rules': firewallStep,
};
