import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerProvider, EngineEvent } from './events.js';
import { defaultAnswers } from './events.js';
import { parseTarget } from './parse-target.js';
import { runDiagnosis } from './run-diagnosis.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A plain HTTP server on loopback answering every request with `status`. */
async function httpServer(status: number): Promise<number> {
  const server = net.createServer((socket) => {
    socket.once('data', () =>
      socket.end(`HTTP/1.1 ${status} Whatever\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
    );
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

function target(input: string) {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed;
}

const base = { symptom: null, timeoutMs: 1000, dnsServer: null, answer: defaultAnswers };

describe('runDiagnosis', () => {
  it('emits each step as it starts and ends, then the verdict, in order', async () => {
    const port = await httpServer(200);
    const events: EngineEvent[] = [];
    const { target: t, credentials } = target(`http://127.0.0.1:${port}/`);
    const session = await runDiagnosis({ ...base, target: t, credentials, onEvent: (e) => events.push(e) });

    expect(session.verdict.id).toBe('healthy');
    expect(
      events.map((e) =>
        e.type === 'step-finished' ? `done ${e.step.id}` : e.type === 'step-started' ? `start ${e.id}` : e.type,
      ),
    ).toEqual([
      'start dns.lookup',
      'done dns.lookup',
      'start tcp.connect',
      'done tcp.connect',
      'start http.request',
      'done http.request',
      // Everything worked, so the tree asks whether the failure comes and goes.
      'question-asked',
      'question-answered',
      'verdict',
    ]);
    expect(session.steps.map((s) => s.outcome)).toEqual(['resolved', 'open', 'response']);
    expect(session.steps[1]?.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} open in `));
    expect(JSON.parse(JSON.stringify(session))).toEqual(session);
  });

  it('asks for a missing port through the answer provider and walks on with the answer', async () => {
    const port = await httpServer(200);
    const asked: string[] = [];
    const answer: AnswerProvider = async (question) => {
      asked.push(question.id);
      return question.id === 'target.port'
        ? { value: String(port), defaulted: false }
        : { value: question.defaultValue, defaulted: true };
    };
    const { target: t, credentials } = target('127.0.0.1');
    const session = await runDiagnosis({ ...base, target: t, credentials, answer });

    expect(asked).toEqual(['target.port', 'failure.frequency']);
    expect(session.answers[0]).toEqual(
      expect.objectContaining({ id: 'target.port', value: String(port), defaulted: false }),
    );
    expect(session.target.port).toBe(port);
    // A bare host is a TCP target: the answered port is connected to, then what speaks there is found out.
    expect(session.steps.map((s) => s.id)).toEqual(['dns.lookup', 'tcp.connect', 'service.identify']);
    expect(session.steps[1]?.summary).toContain(`127.0.0.1:${port} open`);
    expect(session.verdict.id).toBe('healthy');
  });

  it('says whether the symptom was reproduced', async () => {
    const port = await httpServer(200);
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const { target: t, credentials } = target(`127.0.0.1:${port}`);
    const refused = await runDiagnosis({
      ...base,
      target: t,
      credentials,
      symptom: 'curl: (7) Failed to connect to 127.0.0.1 port 1: Connection refused',
    });
    expect(refused.verdict.id).toBe('no-listener');
    expect(refused.symptom?.id).toBe('refused');
    expect(refused.symptomReproduced).toBe(true);

    const reset = await runDiagnosis({ ...base, target: t, credentials, symptom: 'ECONNRESET' });
    expect(reset.symptomReproduced).toBe(false);
  });

  it('never sends the URL credentials anywhere but the request', async () => {
    let seen = '';
    const server = net.createServer((socket) => {
      socket.once('data', (d) => {
        seen = d.toString('latin1');
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const { target: t, credentials } = target(`http://alice:s3cret@127.0.0.1:${port}/x`);
    const session = await runDiagnosis({ ...base, target: t, credentials });

    expect(seen).toContain(`Authorization: Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(JSON.stringify(session)).not.toMatch(/s3cret|alice/);
  });
});
