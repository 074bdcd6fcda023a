import { describe, expect, it } from 'vitest';
import { runCommand } from './command-runner.js';

const node = process.execPath;
const limits = { timeoutMs: 5000, maxBuffer: 64 * 1024 };

describe('runCommand', () => {
  it('gives the exit code and the output, zero or not, with arguments passed as they are', async () => {
    const script = 'process.stdout.write(process.argv[1]); process.stderr.write("warn"); process.exit(3)';
    expect(await runCommand(node, ['-e', script, '$(echo no shell) ; "quoted"'], limits)).toEqual({
      kind: 'exited',
      exitCode: 3,
      stdout: '$(echo no shell) ; "quoted"',
      stderr: 'warn',
    });
    expect(await runCommand(node, ['-e', ''], limits)).toEqual({ kind: 'exited', exitCode: 0, stdout: '', stderr: '' });
  });

  it('says a command is missing', async () => {
    expect(await runCommand('conn-doctor-no-such-command', [], limits)).toEqual({ kind: 'missing' });
  });

  it('kills a command that outruns its time or its buffer', async () => {
    const started = performance.now();
    expect(await runCommand(node, ['-e', 'setTimeout(() => {}, 60000)'], { ...limits, timeoutMs: 300 })).toEqual({
      kind: 'timeout',
    });
    expect(performance.now() - started).toBeLessThan(4000);
    const flood = 'process.stdout.write("x".repeat(1 << 20))';
    expect(await runCommand(node, ['-e', flood], { ...limits, maxBuffer: 1024 })).toEqual({ kind: 'too-much-output' });
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const pending = runCommand(node, ['-e', 'setTimeout(() => {}, 60000)'], { ...limits, signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({ kind: 'aborted' });
    expect(await runCommand(node, ['-e', ''], { ...limits, signal: AbortSignal.abort() })).toEqual({ kind: 'aborted' });
  });

  it('turns an argument the OS cannot take into a result, not a throw', async () => {
    expect(await runCommand(node, ['-e', 'bad\0arg'], limits)).toMatchObject({ kind: 'failed' });
  });
});
