import { parseTarget } from '../engine/parse-target.js';
import { runSweep, type SweepEvent, type SweepTarget } from '../engine/run-sweep.js';
import type { SweepRound } from './sweep-actions.js';

/** Targets given on the command line, parsed as the CLI parses them. */
export function sweepTargetsOf(inputs: string[]): SweepTarget[] {
  return inputs.map((input) => {
    const parsed = parseTarget(input);
    if (!parsed.ok) throw new Error(parsed.error);
    return { source: { kind: 'arg' }, input, target: parsed.target, credentials: parsed.credentials };
  });
}

/** A round of the real sweep in process, its events kept until the table listens, as the CLI starts one. */
export function sweepRoundOf(targets: SweepTarget[]): SweepRound {
  const stop = new AbortController();
  let listener: ((event: SweepEvent) => void) | null = null;
  const kept: SweepEvent[] = [];
  return {
    session: runSweep({
      targets,
      timeoutMs: 2000,
      dnsServer: null,
      env: {},
      signal: stop.signal,
      onEvent: (event) => (listener ? listener(event) : kept.push(event)),
    }),
    listen: (next) => {
      for (const event of kept.splice(0)) next(event);
      listener = next;
    },
    cancel: () => stop.abort(),
  };
}
