import net from 'node:net';
import { Worker } from 'node:worker_threads';
import type { LabServer } from './lab-server.js';

/** The full-queue port, and a way to see that the connections filling its queue are still held. */
export interface SynQueueFull extends LabServer {
  /** How many filler connections are still open; the queue stays full only while this is 2. */
  openFillers(): number;
}

/**
 * Runs in the worker: listens with the smallest accept queue, reports the port, then blocks its own
 * event loop so libuv never calls accept(). Bounded: after `maxSlices` seconds it closes the listener.
 * (`backlog: 0` would mean Node's default of 511, hence 1.)
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const flag = new Int32Array(workerData.flag);
const server = net.createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  for (let slice = 0; slice < workerData.maxSlices && Atomics.load(flag, 0) === 0; slice++) {
    Atomics.wait(flag, 0, 0, 1000);
  }
  server.close();
});
`;

/** One hour of one-second slices: longer than any demo or test, and still an end. */
const maxSlices = 3600;
/** With backlog 1, Linux queues backlog + 1 completed connections; these fill it. */
const fillerCount = 2;
/** A filler's handshake completes at once on loopback; this only bounds a kernel that behaves otherwise. */
const fillerTimeoutMs = 2000;

/**
 * A port whose accept queue is full: the kernel drops further SYNs without an answer, as a
 * firewall that drops traffic does. Node always accepts, so the listener lives in a worker
 * whose event loop is blocked, and the main thread fills its queue and holds those connections.
 */
export async function startSynQueueFull(): Promise<SynQueueFull> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerSource, { eval: true, workerData: { flag: flag.buffer, maxSlices } });
  const fillers: net.Socket[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      for (const socket of fillers) socket.destroy();
      await worker.terminate();
    })();
    return stopped;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      // Kept for the worker's whole life: an unheard 'error' event would crash the lab.
      worker.on('error', reject);
      worker.once('exit', (code) => reject(new Error(`syn-queue worker exited before listening (${code})`)));
    });
    for (let i = 0; i < fillerCount; i++) fillers.push(await connect(port));
    const openFillers = () => fillers.filter((socket) => !socket.destroyed && socket.readyState === 'open').length;
    return { host: '127.0.0.1', port, stop, openFillers };
  } catch (error) {
    await stop();
    throw error;
  }
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`filler connect to 127.0.0.1:${port} took over ${fillerTimeoutMs} ms`)),
      fillerTimeoutMs,
    );
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      // The worker never reads or answers; a late error must not crash the lab.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}
