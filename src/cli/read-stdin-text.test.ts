import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStdinText } from './read-stdin-text.js';

describe('readStdinText', () => {
  it('reads the whole input as UTF-8, however it is split', async () => {
    const stdin = new PassThrough();
    const warnings: string[] = [];
    const text = readStdinText(stdin, (line) => warnings.push(line));
    const bytes = Buffer.from('curl: (7) Failed to connect — Connection refused\n');
    stdin.write(bytes.subarray(0, 30)); // in the middle of the em dash
    stdin.end(bytes.subarray(30));
    expect(await text).toBe('curl: (7) Failed to connect — Connection refused\n');
    expect(warnings).toEqual([]);
  });

  it('stops at the limit and says so', async () => {
    const stdin = new PassThrough();
    const warnings: string[] = [];
    const text = readStdinText(stdin, (line) => warnings.push(line), 2048);
    stdin.write('a'.repeat(1500));
    stdin.write('b'.repeat(1500)); // never ended: reading stops at the limit, not at the end
    expect(await text).toBe(`${'a'.repeat(1500)}${'b'.repeat(548)}`);
    expect(warnings).toEqual(['--symptom -: standard input is longer than 2 KiB; only its first 2 KiB were read']);
  });

  it('rejects on a read error', async () => {
    const stdin = new PassThrough();
    const text = readStdinText(stdin, () => {});
    stdin.destroy(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    await expect(text).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
