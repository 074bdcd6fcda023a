// How the library turns the engine's events into its own (diagnose-events.ts), apart from that type so that the
// library's declarations name the report's types only, never the engine's.
import type { EngineEvent } from '../engine/events.js';
import { stringifyJson, toJsonAnswer, toJsonStep, toJsonVerdict } from '../report/json-report.js';
import type { DiagnoseEvent } from './diagnose-events.js';

/** The library's form of an engine event; null for the ones it does not tell. */
export function diagnoseEventOf(event: EngineEvent): DiagnoseEvent | null {
  switch (event.type) {
    case 'step-started':
      return { type: 'step-started', id: event.id, title: event.title };
    case 'step-finished':
      return { type: 'step-finished', step: asPrinted(toJsonStep(event.step)) };
    case 'question-answered':
      return { type: 'question-answered', answer: toJsonAnswer(event.answer) };
    case 'verdict':
      return { type: 'verdict', verdict: toJsonVerdict(event.verdict) };
    case 'question-asked':
      return null;
    default: {
      const unknown: never = event;
      throw new Error(`no library event for ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * A report (or a part of one) exactly as `--json` prints it: what JSON leaves out (an undefined field) is left out
 * here too, and the value is plain data a program may keep, compare or send on.
 */
export function asPrinted<T>(value: T): T {
  return JSON.parse(stringifyJson(value)) as T;
}
