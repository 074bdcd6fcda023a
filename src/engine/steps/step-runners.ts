import type { StepName } from '../../tree/tree-types.js';
import { dnsStep } from './dns-step.js';
import { httpStep } from './http-step.js';
import type { StepRunner } from './step-runner.js';
import { tcpConnectStep } from './tcp-connect-step.js';
import { tcpControlStep } from './tcp-control-step.js';
import { serviceStep } from './service-step.js';
import { tcpRepeatStep } from './tcp-repeat-step.js';
import { tlsPortCheckStep, tlsStep } from './tls-step.js';

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
};
