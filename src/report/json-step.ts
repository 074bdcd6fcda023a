import type { Step } from '../engine/session.js';
import type { StepName } from '../tree/step-kinds.js';
import type { JsonStep } from './json-report.js';
import { isOutcomeOf, stepMark, type StepMark } from './step-mark.js';

/**
 * The tree's probe nodes by the kind of step each runs. The JSON report names a step by its node id (stable,
 * SPEC §2) and leaves the kind out, so a reader of the JSON finds the kind here. A record over the kinds, so a
 * new kind does not compile without its nodes; a test checks the lists against the tree's nodes.
 */
export const nodesOfKind: Readonly<Record<StepName, readonly string[]>> = {
  'dns.resolve': ['dns.lookup'],
  'tcp.connect-all': ['tcp.connect'],
  'tcp.control': ['tcp.control'],
  'tls.handshake': ['tls.handshake'],
  'tls.port-check': ['tls.port-check'],
  'http.request': ['http.request'],
  'service.identify': ['service.identify'],
  'local.listeners': ['local.listeners', 'local.owner', 'quiet.owner'],
  'forwarder.backend': ['backend.connect', 'quiet.backend'],
  'proxy.check': ['proxy.dns-detour', 'proxy.detour', 'proxy.check'],
  'http.keepalive': ['http.keepalive'],
  'http.repeat': ['http.repeat'],
  'firewall.rules': ['firewall.rules'],
  'tcp.repeat': ['tcp.repeat'],
  'protocol.handshake': ['protocol.handshake'],
};

const kindOfNode = new Map<string, StepName>(
  Object.entries(nodesOfKind).flatMap(([kind, ids]) => ids.map((id) => [id, kind as StepName] as const)),
);

/**
 * A JSON report step read back as a session step, or null for a node or an outcome this build does not know
 * (a report from a newer version): its readers then show no mark or facts for it rather than guess. This is
 * the one place where JSON becomes typed. The node id gives the kind and the outcome must be one of that
 * kind's words; the details are then taken as that kind's probe result, which is what the JSON report wrote
 * (with timings rounded), so readers still check what they index into.
 */
export function stepFromJson(step: JsonStep): Step | null {
  const kind = kindOfNode.get(step.id);
  if (kind === undefined || !isOutcomeOf(kind, step.outcome)) return null;
  if (typeof step.details !== 'object' || step.details === null) return null;
  return { ...step, kind } as Step;
}

/** Every step of a JSON report this build can read, typed, in order. */
export function stepsFromJson(steps: readonly JsonStep[]): Step[] {
  return steps.flatMap((step) => stepFromJson(step) ?? []);
}

/** A JSON report step's mark, the same as its session step's; `info` for a step this build cannot read. */
export function jsonStepMark(step: JsonStep): StepMark {
  const typed = stepFromJson(step);
  return typed ? stepMark(typed) : 'info';
}
