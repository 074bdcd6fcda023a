import type net from 'node:net';
import { realSocket, type SocketFactory } from './budgeted-socket.js';
import type { KeptConnection } from './identify-service-order.js';
import type { TcpEndpoint } from './tcp-connect.js';

interface Parked {
  socket: net.Socket;
  /** The server ended or reset the connection while it waited: it is no use to the next probe. */
  spent: boolean;
  forget(): void;
}

/**
 * Open connections the connect check made, kept for the probe that speaks next, so that a diagnosis opens one
 * connection where it used to open two. That is politer to servers that count connections which never log in
 * (MySQL's `max_connect_errors` counts one closed after the greeting, OpenSSH's penalties one without a login) and
 * spares a server-side fork (PostgreSQL). A connection is handed over once, to the first probe that connects to its
 * endpoint through `factory()`; one that waited longer than `maxIdleMs`, or that the server ended meanwhile, is
 * closed, and the probe connects anew, so what it sees is always the server's behaviour on a live connection.
 */
export class ConnectionParking {
  readonly #parked = new Map<string, Parked>();
  /** The connections handed out by `factory()`, so that a probe can tell the kept one from a new one. */
  readonly #handedOut = new WeakSet<net.Socket>();
  readonly #maxIdleMs: number;

  constructor(maxIdleMs: number) {
    this.#maxIdleMs = maxIdleMs;
  }

  /** Keeps `socket`, connected to `endpoint`: whatever the server sends meanwhile stays buffered in it, unread. */
  park(endpoint: TcpEndpoint, socket: net.Socket): void {
    const key = keyOf(endpoint);
    if (this.#parked.has(key)) {
      socket.destroy();
      return;
    }
    const parked: Parked = { socket, spent: false, forget: () => {} };
    // An end with no bytes before it, or a reset, comes while nobody listens: remember it, and never let an
    // unheard 'error' throw.
    const onEnd = () => (parked.spent = true);
    const onError = () => (parked.spent = true);
    socket.once('end', onEnd);
    socket.on('error', onError);
    const timer = setTimeout(() => this.#drop(key), this.#maxIdleMs);
    timer.unref();
    parked.forget = () => {
      clearTimeout(timer);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
    };
    this.#parked.set(key, parked);
  }

  /**
   * Connects as `fallback` does, except that the first connection to a parked endpoint is the parked one. It says
   * 'connect' once more, on the next tick, since the probes start on that event: before any buffered byte flows,
   * as on a new connection.
   */
  factory(fallback: SocketFactory = realSocket): SocketFactory {
    return (endpoint) => {
      const key = keyOf(endpoint);
      const parked = this.#parked.get(key);
      if (!parked) return fallback(endpoint);
      this.#parked.delete(key);
      parked.forget();
      if (parked.spent || parked.socket.destroyed) {
        parked.socket.destroy();
        return fallback(endpoint);
      }
      this.#handedOut.add(parked.socket);
      process.nextTick(() => {
        parked.socket.emit('connect');
        // A connection handed over paused, its greeting put back: it flows again now that its reader listens.
        if (parked.socket.isPaused()) parked.socket.resume();
      });
      return parked.socket;
    };
  }

  /**
   * The live connection to `endpoint` that waits for the next probe (the first `factory()` connect gets it), and
   * whether the server has already spoken on it, as far as Node has read; null when there is none.
   */
  kept(endpoint: TcpEndpoint): KeptConnection | null {
    const parked = this.#parked.get(keyOf(endpoint));
    if (!parked || parked.spent || parked.socket.destroyed) return null;
    return { greeted: parked.socket.readableLength > 0 };
  }

  /**
   * `kept(endpoint)` once the event loop has polled again. A server that speaks first has usually written its
   * greeting while the steps since the connect ran, but Node reads it from the kernel only when the loop polls, and
   * those steps run without a turn of it: without this wait a greeting was never seen in time.
   */
  async keptAfterPoll(endpoint: TcpEndpoint): Promise<KeptConnection | null> {
    if (!this.kept(endpoint)) return null;
    // The first immediate runs in this turn's check phase, right after the poll that brought the connect; the second
    // after the next poll, which reads what the kernel holds by then.
    for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    return this.kept(endpoint);
  }

  /** Closes every kept connection but the one to `endpoint`: the next probe speaks on that one only. */
  keepOnly(endpoint: TcpEndpoint): void {
    const key = keyOf(endpoint);
    for (const other of [...this.#parked.keys()]) if (other !== key) this.#drop(other);
  }

  /** Whether `socket` is a connection `factory()` handed out from those kept. */
  handedOut(socket: net.Socket): boolean {
    return this.#handedOut.has(socket);
  }

  /** Closes every connection still kept: the diagnosis is over. */
  closeAll(): void {
    for (const key of [...this.#parked.keys()]) this.#drop(key);
  }

  #drop(key: string): void {
    const parked = this.#parked.get(key);
    if (!parked) return;
    this.#parked.delete(key);
    parked.forget();
    parked.socket.on('error', () => {});
    parked.socket.destroy();
  }
}

function keyOf({ address, port }: TcpEndpoint): string {
  return `${address}|${port}`;
}
