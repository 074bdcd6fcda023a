import { probeSettingsOf } from '../shared/options.js';
import type { DiagnosisRequest } from './run-in-worker.js';

/** Only the request's own fields cross to the worker: anything else may not survive a structured clone. */
export const cloneableRequest = (r: DiagnosisRequest): DiagnosisRequest => ({
  target: r.target,
  credentials: r.credentials,
  requestPath: r.requestPath ?? null,
  symptom: r.symptom,
  deferQuestions: r.deferQuestions ?? false,
  ...probeSettingsOf(r),
});
