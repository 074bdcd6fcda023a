import { afterEach, describe, expect, it } from 'vitest';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { startHttpStatusServer } from '../lab/servers/http-status-server.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { OptionError, TargetError } from './library-errors.js';
import { sweep } from './sweep.js';

// sweep() against the lab's servers on loopback: it resolves with the document `conn-doctor <target>… --json` prints.
const started: LabServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('sweep', () => {
  it('diagnoses every target side by side and resolves with the sweep document, rows in the order given', async () => {
    const server = await startHttpStatusServer(200);
    started.push(server);
    const closed = await findClosedPort();
    const document = await sweep([`127.0.0.1:${closed}`, `http://user:s3cret@127.0.0.1:${server.port}/`], {
      timeoutMs: 2000,
    });
    expect(document).toMatchObject({
      schemaVersion: 1,
      kind: 'sweep',
      summary: { total: 2, healthy: 1, problems: 1 },
    });
    expect(document.results.map((row) => [row.source.kind, row.report?.verdict.id])).toEqual([
      ['arg', 'no-listener'],
      ['arg', 'healthy'],
    ]);
    // What --json prints, parsed: plain data, and the URL's password nowhere in it.
    expect(JSON.parse(JSON.stringify(document))).toStrictEqual(document);
    expect(JSON.stringify(document)).not.toContain('s3cret');
  });

  it('rejects with a TargetError naming the first bad target, before any probe', async () => {
    const closed = await findClosedPort();
    const failure = await sweep([`127.0.0.1:${closed}`, 'http://'], { timeoutMs: 2000 }).catch((error) => error);
    expect(failure).toBeInstanceOf(TargetError);
    expect(failure.message).toBe('target 2: missing host');
  });

  it('rejects a deadline it cannot keep, or targets that are not a list, with an OptionError', async () => {
    for (const deadlineMs of [3e9, -5, Number.NaN, 1.5]) {
      await expect(sweep(['127.0.0.1:1'], { deadlineMs })).rejects.toThrow(OptionError);
    }
    await expect(sweep('127.0.0.1:1' as unknown as string[])).rejects.toThrow(OptionError);
  });

  it('rejects when its signal is already aborted', async () => {
    const closed = await findClosedPort();
    const signal = AbortSignal.abort(new Error('stopped by the caller'));
    await expect(sweep([`127.0.0.1:${closed}`], { signal })).rejects.toThrow('stopped by the caller');
  });
});
