import net from 'node:net';
import type { AnswerProvider, EngineEvent } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import type { Session } from '../engine/session.js';

/**
 * Real faults on loopback for screen tests, and real event sequences recorded from the engine walking them.
 * The UI may not import the lab (src/lab), so the two faults the screens need are made here in a few lines.
 */
export interface TestLab {
  /** A port on 127.0.0.1 that was just free: connecting gets RST. */
  closedPort(): Promise<number>;
  /** An HTTP server on 127.0.0.1 answering every request with `status`. */
  httpServer(status: number): Promise<number>;
  /** A server on 127.0.0.1 that accepts and never says a word. */
  silentServer(): Promise<number>;
  /** Closes every server; call in afterEach. */
  close(): Promise<void>;
}

export function createTestLab(): TestLab {
  const servers: net.Server[] = [];
  const listen = async (handler: (socket: net.Socket) => void) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      handler(socket);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as net.AddressInfo).port };
  };
  return {
    async closedPort() {
      const { server, port } = await listen(() => {});
      servers.splice(servers.indexOf(server), 1);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    },
    async httpServer(status) {
      const reason = status === 200 ? 'OK' : status === 502 ? 'Bad Gateway' : 'Status';
      const { port } = await listen((socket) =>
        socket.once('data', () =>
          socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
        ),
      );
      return port;
    },
    async silentServer() {
      const sockets: net.Socket[] = [];
      const { server, port } = await listen((socket) => sockets.push(socket));
      // close() waits for open connections: end them with the server.
      server.on('close', () => {
        for (const s of sockets) s.destroy();
      });
      const close = server.close.bind(server);
      server.close = (callback) => {
        for (const s of sockets) s.destroy();
        return close(callback);
      };
      return port;
    },
    async close() {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/** A diagnosis run in process, its answers scripted by question id (defaults otherwise), every event kept. */
export async function recordDiagnosis(
  input: string,
  options: { symptom?: string | null; answers?: Record<string, string> } = {},
): Promise<{ events: EngineEvent[]; session: Session }> {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  const events: EngineEvent[] = [];
  const answer: AnswerProvider = async (question) => {
    const value = options.answers?.[question.id];
    return value === undefined ? { value: question.defaultValue, defaulted: true } : { value, defaulted: false };
  };
  const session = await runDiagnosis({
    target: parsed.target,
    credentials: parsed.credentials,
    requestPath: parsed.requestPath,
    symptom: options.symptom ?? null,
    timeoutMs: 2000,
    dnsServer: null,
    answer,
    onEvent: (event) => events.push(event),
  });
  return { events, session };
}
