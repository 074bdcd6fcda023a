import type { Step } from '../engine/session.js';
import type { StepDetails } from '../tree/step-kinds.js';

/** What the exchange diagram is drawn from: the first step of each kind it uses, as that kind's probe result. */
export interface ExchangeSteps {
  dns?: StepDetails<'dns.resolve'>;
  attempts?: StepDetails<'tcp.connect-all'>;
  http?: StepDetails<'http.request'>;
  tls?: StepDetails<'tls.handshake'>;
  portCheck?: StepDetails<'tls.port-check'>;
  service?: StepDetails<'service.identify'>;
  repeat?: StepDetails<'tcp.repeat'>;
  control?: StepDetails<'tcp.control'>;
  protocol?: StepDetails<'protocol.handshake'>;
}

/**
 * Each step kind's part in the exchange diagram. Every kind is named here, so a new one does not compile until
 * it is drawn or said to stay out; how each outcome is drawn, the arrow builders decide with switches of their own.
 */
export function observed(steps: readonly Step[]): ExchangeSteps {
  const seen: ExchangeSteps = {};
  for (const step of steps) {
    switch (step.kind) {
      case 'dns.resolve':
        seen.dns ??= step.details;
        break;
      case 'tcp.connect-all':
        seen.attempts ??= step.details;
        break;
      case 'http.request':
        seen.http ??= step.details;
        break;
      case 'tls.handshake':
        seen.tls ??= step.details;
        break;
      case 'tls.port-check':
        seen.portCheck ??= step.details;
        break;
      case 'service.identify':
        seen.service ??= step.details;
        break;
      case 'tcp.repeat':
        seen.repeat ??= step.details;
        break;
      case 'tcp.control':
        seen.control ??= step.details;
        break;
      // The handshake's own answer is in its step and the verdict; the diagram draws the connection before it, and
      // whether the handshake went on on it.
      case 'protocol.handshake':
        seen.protocol ??= step.details;
        break;
      // Not the target's connection: this machine's tables, the proxy's own connection, a connection watched
      // after the exchange or requests repeated on new ones. Their steps and the verdict tell them.
      case 'local.listeners':
      case 'forwarder.backend':
      case 'proxy.check':
      case 'http.keepalive':
      case 'http.repeat':
      case 'firewall.rules':
        break;
      default:
        // Unreachable while every kind has its case above: the compiler fails here for one that has none.
        step satisfies never;
    }
  }
  return seen;
}
