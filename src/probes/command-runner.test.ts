import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from './command-runner.js';

const node = process.execPath;
const limits = { timeoutMs: 5000, maxBuffer: 64 * 1024 };

describe('runCommand', () => {
  it('gives the exit code and both streams, zero or not, with arguments passed as they are, in the C locale', async () => {
    const script =
      'process.stdout.write(process.argv.slice(1).join("|")); process.stderr.write(process.env.LC_ALL ?? ""); process.exit(3)';
    expect(await runCommand(node, ['-e', script, 'a b', '$(id)', ';ls', '"quoted"'], limits)).toEqual({
      kind: 'exited',
      exitCode: 3,
      stdout: 'a b|$(id)|;ls|"quoted"',
      stderr: 'C',
    });
    expect(await runCommand(node, ['-e', ''], limits)).toEqual({ kind: 'exited', exitCode: 0, stdout: '', stderr: '' });
  });

  it('says a command is missing, also after looking in sbin', async () => {
    expect(await runCommand('conn-doctor-no-such-command', [], limits)).toEqual({ kind: 'missing' });
    expect(await runCommand('conn-doctor-no-such-command', [], { ...limits, searchSbin: true })).toEqual({
      kind: 'missing',
    });
  });

  it.runIf(process.platform === 'linux')('finds a tool in /usr/sbin or /sbin that the PATH lacks', async () => {
    // The environment is read as the run starts, so PATH can be put back at once.
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    const withFallback = runCommand('ip', ['-V'], { ...limits, searchSbin: true });
    const without = runCommand('ip', ['-V'], limits);
    process.env.PATH = path;
    // `ip` lives in /usr/sbin or /sbin on every Linux this runs on.
    expect(await withFallback).toMatchObject({ kind: 'exited', exitCode: 0 });
    expect(await without).toEqual({ kind: 'missing' });
  });

  it('says denied for a file it may not run', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'conn-doctor-run-')), 'not-executable');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    expect(await runCommand(script, [], limits)).toEqual({ kind: 'denied' });
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
