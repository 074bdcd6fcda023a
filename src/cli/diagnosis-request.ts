import { parseTarget } from '../engine/parse-target.js';
import type { DiagnosisRequest } from '../engine/run-in-worker.js';
import { type Options, probeSettingsOf } from '../shared/options.js';
import { UsageError } from './usage-error.js';

/** What the options ask the engine for; a missing or invalid target is a usage error. */
export function diagnosisRequest(options: Options): DiagnosisRequest {
  if (options.target === null)
    throw new UsageError('no target given: try "conn-doctor localhost:3000", or "conn-doctor --demo"');
  const parsed = parseTarget(options.target);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return {
    target: parsed.target,
    credentials: parsed.credentials,
    requestPath: parsed.requestPath,
    symptom: options.symptom,
    ...probeSettingsOf(options),
  };
}
