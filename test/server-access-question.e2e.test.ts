import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface DemoRun {
  report: {
    answers: { id: string; value: string; defaulted: boolean }[];
    verdict: { id: string; nextSteps: string[] };
  };
}

/**
 * Headless, "Can you run a command on the server?" takes its default (no): the JSON answers say so, and the next
 * steps are the verdict's own, with no server-side command put first.
 */
describe('the server-access question in a headless run', () => {
  it('Redis protected mode (the lab): answered no by default, next steps as they were', async () => {
    const run = await runCli(['--demo', 'redis-protected-mode', '--json']);
    const [only] = JSON.parse(run.stdout) as DemoRun[];
    expect(only!.report.verdict.id).toBe('server-rejects-client');
    expect(only!.report.answers).toEqual([
      expect.objectContaining({ id: 'protocol.server-access', value: 'no', defaulted: true }),
    ]);
    expect(only!.report.verdict.nextSteps[0]).toMatch(/^Protected mode refuses clients/);
    expect(only!.report.verdict.nextSteps.join('\n')).not.toContain('On the server, run');
  });
});
