import { afterEach, describe, expect, it } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import { labDnsNames } from '../lab/dns-server.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { startHttpStatusServer } from '../lab/servers/http-status-server.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { startResetOnAccept } from '../lab/servers/reset-on-accept.js';
import { startSilentServer } from '../lab/servers/silent-server.js';
import { diagnose } from './diagnose.js';
import type { DiagnoseEvent } from './diagnose-events.js';
import { OptionError, TargetError } from './library-errors.js';
import { useLabDns } from '../lab/lab-dns.test-helper.js';

// diagnose() against the lab's servers on loopback: the report it resolves with is the one `--json` prints.
const started: LabServer[] = [];
const start = async (server: Promise<LabServer>) => {
  started.push(await server);
  return started.at(-1)!;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('diagnose', () => {
  it('reports a refused port as no-listener, as plain JSON data', async () => {
    const port = await findClosedPort();
    const report = await diagnose(`127.0.0.1:${port}`, { timeoutMs: 2000 });
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'conn-doctor' },
      target: { input: `127.0.0.1:${port}`, scheme: 'tcp', host: '127.0.0.1', port },
      symptom: null,
      environment: { timeoutMs: 2000, dnsServer: null, caFile: null },
      verdict: { id: 'no-listener', confidence: 'certain' },
    });
    expect(report.steps.map((step) => step.id)).toContain('tcp.connect');
    // What --json prints, parsed: nothing JSON would drop or change.
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });

  it('says a healthy HTTP server is healthy', async () => {
    const server = await start(startHttpStatusServer(200));
    const report = await diagnose(`http://127.0.0.1:${server.port}/`);
    expect(report.verdict.id).toBe('healthy');
  });

  it('reports a server that resets every connection', async () => {
    const server = await start(startResetOnAccept());
    const report = await diagnose(`http://127.0.0.1:${server.port}/`, { symptom: 'ECONNRESET' });
    expect(report.verdict.id).toBe('reset-after-accept');
    expect(report.symptomDecoded).toMatchObject({ id: 'reset', reproduced: true });
  });

  describe('with a DNS server of its own', () => {
    const labDns = useLabDns();

    it('resolves through it only, and says a missing name does not exist', async () => {
      const dnsServer = labDns();
      const report = await diagnose(`http://${labDnsNames.nxdomain}/`, { dnsServer, timeoutMs: 1000 });
      expect(report.environment.dnsServer).toBe(dnsServer);
      expect(report.verdict.id).toBe('dns-no-such-host');
    });
  });

  it('tells each step, answer and the verdict as it goes, in the shapes the report gives them', async () => {
    const port = await findClosedPort();
    const events: DiagnoseEvent[] = [];
    const report = await diagnose(`127.0.0.1:${port}`, { onEvent: (event) => events.push(event) });
    const finished = events.flatMap((event) => (event.type === 'step-finished' ? [event.step] : []));
    const started = events.flatMap((event) => (event.type === 'step-started' ? [event.id] : []));
    const answered = events.flatMap((event) => (event.type === 'question-answered' ? [event.answer] : []));
    expect(finished).toStrictEqual(report.steps);
    expect(started).toEqual(report.steps.map((step) => step.id));
    expect(answered).toStrictEqual(report.answers);
    expect(events.at(-1)).toStrictEqual({ type: 'verdict', verdict: report.verdict });
  });

  it('refuses a bad target with the line the CLI prints, before any probe', async () => {
    for (const input of ['', 'http://', 'ftp://example.test/', 'host name', 'localhost:99999']) {
      const parsed = parseTarget(input);
      expect(parsed.ok).toBe(false);
      const events: DiagnoseEvent[] = [];
      const error = await diagnose(input, { onEvent: (event) => events.push(event) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetError);
      expect(error).toMatchObject({ name: 'TargetError', message: (parsed as { error: string }).error });
      expect(events).toEqual([]);
    }
    await expect(diagnose(42 as unknown as string)).rejects.toThrow(
      new TargetError('the target must be a string, not number'),
    );
  });

  it('refuses bad options with an OptionError naming the option', async () => {
    const cases: [Parameters<typeof diagnose>[1], RegExp][] = [
      [{ timeoutMs: 0 }, /^invalid timeoutMs 0: give a whole number from 50 to 600000$/],
      [{ timeoutMs: 1500.5 }, /^invalid timeoutMs 1500.5/],
      [{ repeat: 101 }, /^invalid repeat 101: give a whole number from 1 to 100$/],
      [{ dnsServer: 'dns.example.test' }, /^invalid dnsServer "dns.example.test": give an IP address/],
      [{ caFile: '/nonexistent/ca.pem' }, /^cannot read caFile "\/nonexistent\/ca.pem": ENOENT$/],
      [{ signal: 'stop' as unknown as AbortSignal }, /^signal must be an AbortSignal$/],
    ];
    for (const [options, message] of cases) {
      const error = await diagnose('127.0.0.1:1', options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OptionError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('rejects with the reason of a signal aborted before it starts, running nothing', async () => {
    const events: DiagnoseEvent[] = [];
    const reason = new Error('suite torn down');
    await expect(
      diagnose('127.0.0.1:1', { signal: AbortSignal.abort(reason), onEvent: (event) => events.push(event) }),
    ).rejects.toBe(reason);
    expect(events).toEqual([]);
  });

  it('rejects with the reason of a signal aborted mid-way, never with a verdict drawn from cut-short probes', async () => {
    // The silent server accepts and never answers: the HTTP step would wait out its whole budget.
    const server = await start(startSilentServer());
    const controller = new AbortController();
    const run = diagnose(`http://127.0.0.1:${server.port}/`, {
      timeoutMs: 60_000,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'step-finished' && event.step.id === 'tcp.connect') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
