import { defaultAnswers } from './events.js';
import { parseTarget } from './parse-target.js';
import { runDiagnosis } from './run-diagnosis.js';

/** One headless diagnosis of `input` with a pasted `symptom`, as `conn-doctor <input> --symptom …` runs it. */
export async function diagnoseWithSymptom(input: string, symptom: string) {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return runDiagnosis({
    target: parsed.target,
    credentials: parsed.credentials,
    requestPath: parsed.requestPath,
    symptom,
    timeoutMs: 1000,
    dnsServer: null,
    answer: defaultAnswers,
  });
}
