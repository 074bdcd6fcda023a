import type { JsonAnswer, JsonStep, JsonVerdict } from '../report/json-report.js';

/**
 * What `diagnose` tells `onEvent` as it goes: the engine's events, with steps, answers and the verdict in the
 * shape the report gives them (the JSON report's own types), so that a program reads one shape live and after.
 * Questions are not told: the library answers each with its default, which `question-answered` then shows.
 */
export type DiagnoseEvent =
  /** A step started: its tree node id (`tcp.connect`, …) and title. */
  | { type: 'step-started'; id: string; title: string }
  /** A step finished, as it will read in `report.steps`. */
  | { type: 'step-finished'; step: JsonStep }
  /** A question of the tree was answered with its default, as it will read in `report.answers`. */
  | { type: 'question-answered'; answer: JsonAnswer }
  /** The diagnosis reached its verdict, as it will read in `report.verdict`. */
  | { type: 'verdict'; verdict: JsonVerdict };
