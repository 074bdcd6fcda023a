import { build } from 'esbuild';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel, Worker } from 'node:worker_threads';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { AnswerChoice, AnswerProvider, EngineEvent } from './events.js';
import { defaultAnswers } from './events.js';
import { parseTarget } from './parse-target.js';
import { offerEarlyEngineThread, startEngineThread, takeEarlyEngineThread } from './engine-thread.js';
import { runInProcess } from './run-in-process.js';
import {
  prewarmEngineWorker,
  runInWorker,
  type DiagnosisHandlers,
  type DiagnosisRequest,
  type DiagnosisRunner,
} from './run-in-worker.js';

// Worker threads have no TypeScript loader, so the worker entry is bundled once here, as scripts/build.mjs
// does for dist/. run-in-worker.ts is bundled beside it to test how a bundle finds its worker (`__dirname`).
const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-worker-'));
const workerFile = join(dir, 'engine-worker.js');
const distWorker = fileURLToPath(new URL('../../dist/engine-worker.js', import.meta.url));

beforeAll(async () => {
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  const entryPoints = ['engine-worker.ts', 'run-in-worker.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));
  await build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: dir,
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { listen } = useLoopbackServers();

/** A plain HTTP server on loopback answering every request with 200. */
async function httpServer(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    socket.on('error', () => {});
  });
  return (await listen(server)).port;
}

function request(input: string): DiagnosisRequest {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return { target: parsed.target, credentials: parsed.credentials, symptom: null, timeoutMs: 1000, dnsServer: null };
}

/** Handlers that record every event; `answer` defaults to the tree's defaults. */
function recorder(answer: AnswerProvider = defaultAnswers): DiagnosisHandlers & { events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  return { events, answer, onEvent: (e) => events.push(e) };
}

/** OS threads of this process: a worker still running is one more (Linux; vitest's forks pool runs this file alone). */
const threadCount = () => readdirSync('/proc/self/task').length;

const inWorker: DiagnosisRunner = (req, handlers) => runInWorker(req, handlers, workerFile);
const runners: [string, DiagnosisRunner][] = [
  ['runInProcess', runInProcess],
  ['runInWorker', inWorker],
];

describe.each(runners)('%s', (_, run) => {
  it('diagnoses a closed loopback port as no-listener', async () => {
    const handlers = recorder();
    const session = await run(request(`127.0.0.1:${await findClosedPort()}`), handlers).session;
    expect(session.verdict.id).toBe('no-listener');
    expect(handlers.events.at(-1)).toEqual({ type: 'verdict', verdict: session.verdict });
  });

  it('diagnoses an HTTP 200 server as healthy, streaming each event as the session records it', async () => {
    const handlers = recorder();
    const session = await run(request(`http://127.0.0.1:${await httpServer()}/`), handlers).session;
    const { events } = handlers;
    expect(session.verdict.id).toBe('healthy');
    expect(events.flatMap((e) => (e.type === 'step-finished' ? [e.step] : []))).toEqual(session.steps);
    expect(events.flatMap((e) => (e.type === 'question-answered' ? [e.answer] : []))).toEqual(session.answers);
    for (const [i, e] of events.entries()) {
      if (e.type === 'step-finished')
        expect(events[i - 1]).toEqual(expect.objectContaining({ type: 'step-started', id: e.step.id }));
    }
    expect(events.at(-1)).toEqual({ type: 'verdict', verdict: session.verdict });
    expect(session.steps.map((s) => s.id).slice(0, 3)).toEqual(['dns.lookup', 'tcp.connect', 'http.request']);
  });

  it('relays the port question of a bare host to this side and walks on with its answer', async () => {
    const port = await httpServer();
    const asked: string[] = [];
    const handlers = recorder(async (question) => {
      asked.push(question.id);
      return question.id === 'target.port' ? { value: String(port), defaulted: false } : defaultAnswers(question);
    });
    const session = await run(request('127.0.0.1'), handlers).session;

    expect(asked[0]).toBe('target.port');
    expect(session.target.port).toBe(port);
    expect(session.answers[0]).toEqual(
      expect.objectContaining({ id: 'target.port', value: String(port), defaulted: false }),
    );
    expect(handlers.events[0]).toEqual(
      expect.objectContaining({ type: 'question-asked', question: expect.objectContaining({ id: 'target.port' }) }),
    );
    expect(session.steps[1]?.summary).toContain(`127.0.0.1:${port} open`);
  });

  it('with deferQuestions, takes the default of a deferrable question where the engine runs; others are still asked', async () => {
    // Given a refused port, whose "where does the server run" question is deferrable, and a provider that never answers
    const asked: string[] = [];
    const handlers = recorder((question) => {
      asked.push(question.id);
      return new Promise(() => {});
    });
    const session = await run({ ...request(`127.0.0.1:${await findClosedPort()}`), deferQuestions: true }, handlers)
      .session;
    // Then the walk ends without asking this side, the question and its default answer told as events
    expect(asked).toEqual([]);
    expect(session.verdict.id).toBe('no-listener');
    expect(session.answers).toEqual([expect.objectContaining({ id: 'server.location', defaulted: true })]);
    expect(handlers.events.map((e) => e.type)).toContain('question-asked');

    // And a question that is not deferrable (a bare host's port) is still relayed
    const port = await httpServer();
    const portAsked: string[] = [];
    const bare = recorder(async (question) => {
      portAsked.push(question.id);
      return question.id === 'target.port' ? { value: String(port), defaulted: false } : defaultAnswers(question);
    });
    const healthy = await run({ ...request('127.0.0.1'), deferQuestions: true }, bare).session;
    expect(portAsked).toEqual(['target.port', 'failure.frequency']);
    expect(healthy.target.port).toBe(port);
  });

  it('cancels while the engine waits for an answer: AbortError at once, no event after, no worker left', async () => {
    const before = process.platform === 'linux' ? threadCount() : 0;
    let answerLater: (choice: AnswerChoice) => void = () => {};
    const handlers = recorder(() => new Promise((resolve) => (answerLater = resolve)));
    const running = run(request('127.0.0.1'), handlers);
    await expect.poll(() => handlers.events.length, { timeout: 5000 }).toBe(1);
    const started = performance.now();
    running.cancel();
    answerLater({ value: '1', defaulted: false });

    await expect(running.session).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(handlers.events.map((e) => e.type)).toEqual(['question-asked']);
    if (process.platform === 'linux') expect(threadCount()).toBeLessThanOrEqual(before);
  });

  it('rejects with the error of an answer provider that fails', async () => {
    const handlers = recorder(async () => {
      throw new Error('the user quit');
    });
    await expect(run(request('127.0.0.1'), handlers).session).rejects.toThrow('the user quit');
  });
});

describe('runInWorker', () => {
  it('streams the same events, in the same order, as runInProcess', async () => {
    const port = await httpServer();
    const answer: AnswerProvider = async (q) =>
      q.id === 'target.port' ? { value: String(port), defaulted: false } : defaultAnswers(q);
    const types = async (runner: DiagnosisRunner, input: string) => {
      const handlers = recorder(answer);
      await runner(request(input), handlers).session;
      return handlers.events.map((e) => (e.type === 'step-finished' ? `${e.type} ${e.step.id}` : e.type));
    };
    for (const input of ['127.0.0.1', `http://127.0.0.1:${port}/`]) {
      expect(await types(inWorker, input)).toEqual(await types(runInProcess, input));
    }
  });

  it('rejects with the message of a worker that crashes, and of one that exits early', async () => {
    writeFileSync(join(dir, 'crash.js'), "throw new Error('boom in the worker');\n");
    writeFileSync(join(dir, 'exit.js'), 'process.exit(3);\n');
    const crash = runInWorker(request('127.0.0.1:1'), recorder(), join(dir, 'crash.js')).session;
    await expect(crash).rejects.toThrow(/boom in the worker/);
    await expect(crash).rejects.toBeInstanceOf(Error);
    const exit = runInWorker(request('127.0.0.1:1'), recorder(), join(dir, 'exit.js')).session;
    await expect(exit).rejects.toThrow(/exited \(code 3\)/);
  });

  it('uses a prewarmed worker for the next run, once, and ignores a spare that died', async () => {
    // The spare loads its file at once; removing the file afterwards proves the run used the spare.
    const spareFile = join(dir, 'spare-worker.js');
    copyFileSync(workerFile, spareFile);
    const spare = prewarmEngineWorker(spareFile);
    expect(spare?.threadId).toBeGreaterThan(0);
    const first = await runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder(), spareFile).session;
    expect(first.verdict.id).toBe('no-listener');
    // A run ends the worker it used (threadId -1 once a worker has exited), a finished session being handed over
    // while it terminates; a spare left unused would still be running.
    if (spare === null) throw new Error('the spare did not start');
    if (spare.threadId !== -1) await once(spare, 'exit');
    expect(spare.threadId).toBe(-1);
    rmSync(spareFile);
    // Taken once: the next run has to start its own worker, and there is no file for it any more.
    await expect(runInWorker(request('127.0.0.1:1'), recorder(), spareFile).session).rejects.toThrow(
      /Cannot find module/,
    );

    writeFileSync(join(dir, 'dies.js'), 'process.exit(0);\n');
    const dying = prewarmEngineWorker(join(dir, 'dies.js'));
    if (dying === null) throw new Error('the spare did not start');
    await once(dying, 'exit');
    const after = await runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder(), workerFile).session;
    expect(after.verdict.id).toBe('no-listener');
  });

  it('takes the thread the command started early as its spare, once; one that died first is not taken', async () => {
    // Given a thread started as src/bin.ts starts one, before anything asked for a spare
    const earlyFile = join(dir, 'early-worker.js');
    copyFileSync(workerFile, earlyFile);
    const early = startEngineThread(earlyFile, { MessageChannel, Worker });
    offerEarlyEngineThread(earlyFile, early);

    // Then the spare is that very thread, the run goes through it (and ends it), and it is taken only once
    const closed = request(`127.0.0.1:${await findClosedPort()}`);
    expect(prewarmEngineWorker(earlyFile, closed)).toBe(early.worker);
    expect(takeEarlyEngineThread(earlyFile)).toBeNull();
    const session = await runInWorker(closed, recorder(), earlyFile).session;
    expect(session.verdict.id).toBe('no-listener');
    if (early.worker.threadId !== -1) await once(early.worker, 'exit');
    expect(early.worker.threadId).toBe(-1);

    // And a thread that exits before anyone takes it is dropped, for a worker of the app's own
    writeFileSync(join(dir, 'early-dies.js'), 'process.exit(0);\n');
    const dying = startEngineThread(join(dir, 'early-dies.js'), { MessageChannel, Worker });
    offerEarlyEngineThread(join(dir, 'early-dies.js'), dying);
    await once(dying.worker, 'exit');
    expect(takeEarlyEngineThread(join(dir, 'early-dies.js'))).toBeNull();
  });

  it('given the request, the spare starts that diagnosis at once; the run that takes it gets every event, in order', async () => {
    let requests = 0;
    let firstRequest: () => void = () => {};
    const requested = new Promise<void>((resolve) => {
      firstRequest = resolve;
    });
    const server = net.createServer((socket) => {
      socket.once('data', () => {
        requests++;
        firstRequest();
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      socket.on('error', () => {});
    });
    const early = request(`http://127.0.0.1:${(await listen(server)).port}/`);
    prewarmEngineWorker(workerFile, early);
    // Nobody has asked for a run yet, and the server is already being diagnosed.
    await requested;
    expect(requests).toBe(1);

    const handlers = recorder();
    const session = await runInWorker(early, handlers, workerFile).session;
    expect(session.verdict.id).toBe('healthy');
    expect(requests).toBe(1);
    const inProcess = recorder();
    await runInProcess(early, inProcess).session;
    const kinds = (events: EngineEvent[]) =>
      events.map((e) => (e.type === 'step-finished' ? `${e.type} ${e.step.id}` : e.type));
    expect(kinds(handlers.events)).toEqual(kinds(inProcess.events));
  });

  it('hands over at once what the early run posted while this thread was blocked, without waiting a turn', async () => {
    const early = request(`127.0.0.1:${await findClosedPort()}`);
    prewarmEngineWorker(workerFile, early);
    // This thread busy, as when it loads the UI: the worker's messages can only queue up meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    const handlers = recorder();
    const running = runInWorker(early, handlers, workerFile);
    // Still in the same turn: whatever the worker had posted is already with the handlers.
    expect(handlers.events[0]?.type).toBe('step-started');
    expect((await running.session).verdict.id).toBe('no-listener');
  });

  it('names the session of an early run that had finished as it is taken, in the same turn; a run under way has none yet', async () => {
    // As the app's first walk asks: the port question takes its default in the worker, nothing waits on this thread.
    const early = { ...request(`127.0.0.1:${await findClosedPort()}`), deferQuestions: true };
    prewarmEngineWorker(workerFile, early);
    // This thread busy, as when it loads the UI, long enough for a refused port to be diagnosed on the other one.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    const taken = runInWorker(early, recorder(), workerFile);
    const known = taken.finished?.() ?? null;
    expect(known?.verdict.id).toBe('no-listener');
    expect(await taken.session).toBe(known);

    const fresh = runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder(), workerFile);
    expect(fresh.finished?.()).toBeNull();
    const session = await fresh.session;
    expect(fresh.finished?.()).toBe(session);
  });

  it('drops a spare that diagnoses another request, and runs the one asked for', async () => {
    const port = await httpServer();
    prewarmEngineWorker(workerFile, request(`http://127.0.0.1:${port}/`));
    const session = await runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder(), workerFile).session;
    expect(session.verdict.id).toBe('no-listener');
  });

  it('when bundled, finds engine-worker.js next to itself', async () => {
    const bundled = createRequire(import.meta.url)(join(dir, 'run-in-worker.js')) as { runInWorker: DiagnosisRunner };
    const session = await bundled.runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder()).session;
    expect(session.verdict.id).toBe('no-listener');
  });

  it.skipIf(!existsSync(distWorker))('runs dist/engine-worker.js (skipped before `npm run build`)', async () => {
    const session = await runInWorker(request(`127.0.0.1:${await findClosedPort()}`), recorder(), distWorker).session;
    expect(session.verdict.id).toBe('no-listener');
  });
});
