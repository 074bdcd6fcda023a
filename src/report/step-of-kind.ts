import type { Step } from '../engine/session.js';
import type { StepName } from '../tree/step-kinds.js';

/**
 * The first step of this kind in the walk, typed as that kind; undefined when none ran. The production tree
 * runs most kinds at one node only; `proxy.check` and `local.listeners` may run at several.
 */
export function stepOfKind<K extends StepName>(
  steps: readonly Step[],
  kind: K,
): Extract<Step, { kind: K }> | undefined {
  return steps.find((step): step is Extract<Step, { kind: K }> => step.kind === kind);
}
