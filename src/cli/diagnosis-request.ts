import { parseTarget } from '../engine/parse-target.js';
import type { DiagnosisRequest } from '../engine/run-in-worker.js';
import { UsageError, type CliArgs } from './cli-args.js';

/** What the command line asks the engine for; a missing or invalid target is a usage error. */
export function diagnosisRequest(args: CliArgs): DiagnosisRequest {
  if (args.target === null)
    throw new UsageError('no target given: try "conn-doctor localhost:3000", or "conn-doctor --demo"');
  const parsed = parseTarget(args.target);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return {
    target: parsed.target,
    credentials: parsed.credentials,
    symptom: args.symptom,
    timeoutMs: args.timeoutMs,
    dnsServer: args.dnsServer,
    caFile: args.caFile,
    repeat: args.repeat,
  };
}
