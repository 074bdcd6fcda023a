import { describe, expect, it, vi } from 'vitest';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { readProcNetTables } from '../probes/local-listeners/proc-listeners.js';
import { defaultAnswers } from './events.js';
import { parseTarget } from './parse-target.js';
import { runDiagnosis } from './run-diagnosis.js';
import { runSweep, type SweepTarget } from './run-sweep.js';

// Every read of this machine's socket tables is counted (and still made): a sweep reads them once for all its rows.
vi.mock('../probes/local-listeners/proc-listeners.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../probes/local-listeners/proc-listeners.js')>();
  return { ...real, readProcNetTables: vi.fn(real.readProcNetTables) };
});

function sweepTarget(input: string): SweepTarget {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return { source: { kind: 'arg' }, input, ...parsed };
}

describe.runIf(process.platform === 'linux')("this machine's listener tables", () => {
  it('are read once per diagnosis alone, and once for a whole sweep of refused loopback targets', async () => {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => findClosedPort()));
    const parsed = parseTarget(`127.0.0.1:${ports[0]}`);
    if (!parsed.ok) throw new Error(parsed.error);
    const settings = { timeoutMs: 1000, dnsServer: null };
    const alone = await runDiagnosis({ ...settings, ...parsed, symptom: null, answer: defaultAnswers });
    expect(alone.verdict.id).toBe('no-listener');
    expect(readProcNetTables).toHaveBeenCalledTimes(1);
    vi.mocked(readProcNetTables).mockClear();

    const sweep = await runSweep({ ...settings, targets: ports.map((port) => sweepTarget(`127.0.0.1:${port}`)) });
    expect(sweep.results.map((row) => row.session?.verdict.id)).toEqual(Array(5).fill('no-listener'));
    // Each row read its listeners from the tables (the step ran), all from the one read.
    for (const row of sweep.results)
      expect(row.session?.steps.some((step) => step.kind === 'local.listeners')).toBe(true);
    expect(readProcNetTables).toHaveBeenCalledTimes(1);
  });
});
