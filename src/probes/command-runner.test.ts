import { describe, expect, it } from 'vitest';
import { realCommandRunner } from './command-runner.js';

const node = process.execPath;

describe('realCommandRunner', () => {
  it('returns the exit code and both streams, passing arguments without a shell', async () => {
    const script =
      'process.stdout.write(process.argv.slice(1).join("|")); process.stderr.write(process.env.LC_ALL ?? ""); process.exit(3)';
    const outcome = await realCommandRunner(node, ['-e', script, 'a b', '$(id)', ';ls'], { timeoutMs: 10_000 });
    expect(outcome).toEqual({ kind: 'exited', code: 3, stdout: 'a b|$(id)|;ls', stderr: 'C' });
  });

  it('says not-found for a program that is nowhere', async () => {
    expect(await realCommandRunner('conn-doctor-no-such-tool', [], { timeoutMs: 5000 })).toEqual({ kind: 'not-found' });
  });

  it('kills a program that outlives its time', async () => {
    const started = performance.now();
    expect(await realCommandRunner(node, ['-e', 'setTimeout(() => {}, 30000)'], { timeoutMs: 300 })).toEqual({
      kind: 'timed-out',
    });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await realCommandRunner(node, ['-e', 'setTimeout(() => {}, 30000)'], {
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    expect(outcome).toEqual({ kind: 'aborted' });
  });
});
