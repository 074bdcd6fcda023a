// The engine worker's thread, and the one the installed command may start before the CLI has loaded (src/bin.ts
// through cli/start-engine-early.ts): that one waits in a slot of the process until run-in-worker.ts, in another
// bundle, takes it. No runtime import of node:worker_threads here: the command passes the module in only when it
// starts a thread, so that a headless run never loads it.
import type { MessagePort, Worker } from 'node:worker_threads';

/**
 * An engine worker and the port its messages come back on: a channel of our own rather than the worker's, so
 * that what it has posted can be read at once with `receiveMessageOnPort` while this thread is still busy.
 */
export interface EngineThread {
  worker: Worker;
  events: MessagePort;
}

/** The parts of node:worker_threads a thread is started with. */
export type ThreadModule = Pick<typeof import('node:worker_threads'), 'MessageChannel' | 'Worker'>;

/** Starts dist/engine-worker.js (or `file`) with the channel its events come back on. */
export function startEngineThread(file: string | URL, threads: ThreadModule): EngineThread {
  const { port1, port2 } = new threads.MessageChannel();
  const worker = new threads.Worker(file, { workerData: { events: port2 }, transferList: [port2] });
  return { worker, events: port1 };
}

/** A thread started early, with the file it runs and how it stops waiting when it dies first. */
interface EarlyThread {
  file: string;
  thread: EngineThread;
  forget: () => void;
}

/** Process-wide, since the command (dist/cli.js) and the app's loader (dist/run-interactive.js) are two bundles. */
const slot = Symbol.for('conn-doctor.early-engine-thread');
const holder = globalThis as { [slot]?: EarlyThread };

/**
 * Leaves a thread started early for `takeEarlyEngineThread`. Unreferenced, so that it keeps no process alive that
 * does not use it; a thread that fails or exits before it is taken is dropped (and its error goes nowhere else).
 */
export function offerEarlyEngineThread(file: string, thread: EngineThread): void {
  thread.worker.unref();
  thread.events.unref();
  const forget = () => {
    if (holder[slot]?.thread === thread) delete holder[slot];
  };
  thread.worker.once('error', forget);
  thread.worker.once('exit', forget);
  holder[slot] = { file, thread, forget };
}

/** The thread started early for this very file, if one is waiting, alive; it is no longer offered. */
export function takeEarlyEngineThread(file: string): EngineThread | null {
  const early = holder[slot];
  if (!early || early.file !== file) return null;
  delete holder[slot];
  early.thread.worker.off('error', early.forget);
  early.thread.worker.off('exit', early.forget);
  return early.thread;
}
