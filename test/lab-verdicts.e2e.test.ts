import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../src/lab/scenarios.js';
import { missingRequirement, startLab, type RunningLab } from '../src/lab/start-lab.js';
import { runCli } from './run-cli.js';

// Given every fault of the lab on loopback, when the built CLI diagnoses it with --json,
// then it names the verdict the scenario declares and exits as the SPEC says.
let lab: RunningLab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.stop();
});

// A scenario whose program (socat) is missing is reported as skipped, except in CI, which installs it and must run all.
const skipHere = (s: (typeof scenarios)[number]) => (process.env.CI ? undefined : missingRequirement(s));

describe('the built CLI on every lab scenario', () => {
  for (const s of scenarios.filter(skipHere)) it.skip(`${s.id} → ${s.expectedVerdict} (${skipHere(s)})`, () => {});
  const runnable = scenarios.filter((s) => !skipHere(s));
  it.concurrent.each(runnable.map((s) => [s.id, s.expectedVerdict] as const))('%s → %s', async (id, expected) => {
    const entry = lab.running.find((r) => r.scenario.id === id);
    const skipped = lab.skipped.find((r) => r.id === id);
    if (!entry) throw new Error(`scenario ${id} did not start${skipped ? `: ${skipped.reason}` : ''}`);
    const result = await runCli([entry.run.target, ...entry.run.args, '--json'], entry.run.env);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as {
      verdict: { id: string; confidence: string; evidence: string[]; nextSteps: string[] };
    };
    expect(report.verdict.id).toBe(expected);
    if (entry.scenario.expectedConfidence) expect(report.verdict.confidence).toBe(entry.scenario.expectedConfidence);
    expect(result.code).toBe(entry.scenario.expectedExit);
    expect(report.verdict.evidence.length).toBeGreaterThan(0);
    expect(report.verdict.nextSteps.length).toBeGreaterThan(0);
  });
});
