import { Resolver } from 'node:dns';
import http from 'node:http';
import net from 'node:net';

// Real connection errors, made on loopback by the Node that runs the tests (20, 22 and 24 in CI), for the tests of
// explainError and of what it reads from an error.

/** The error a connect gets, with the lookup given (the system's when none). */
export function connectError(options: net.NetConnectOpts): Promise<Error> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options);
    socket.on('error', resolve);
    socket.on('connect', () => {
      socket.destroy();
      reject(new Error('connected'));
    });
  });
}

/** The error `fetch(url)` rejects with. */
export const fetchError = (url: string): Promise<Error> =>
  fetch(url).then(
    () => {
      throw new Error(`${url} answered`);
    },
    (error: unknown) => error as Error,
  );

/** The error `http.get(url)` emits. */
export const httpGetError = (url: string): Promise<Error> =>
  new Promise((resolve) => {
    http.get(url).on('error', resolve);
  });

/** A lookup that gives both loopbacks, IPv6 first, as `localhost` resolves on many machines. */
export const bothLoopbacks: net.LookupFunction = (_host, options, callback) =>
  options.all
    ? (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ])
    : callback(null, '::1', 6);

/** A lookup through one DNS server (the lab's, on loopback): made-up names never reach the system's resolver. */
export function lookupThrough(server: string): net.LookupFunction {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([server]);
  return (host, _options, callback) =>
    resolver.resolve4(host, (error, addresses) =>
      error ? callback(error, '', 4) : callback(null, addresses[0] ?? '', 4),
    );
}

/** Every message and code in an error and what it wraps: a symptom read from it must be one of them. */
export function messagesIn(error: unknown, depth = 0): string[] {
  if (error === null || typeof error !== 'object' || depth > 8) return [];
  const { message, cause, errors, code } = error as {
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
    code?: unknown;
  };
  return [
    ...(typeof message === 'string' ? [message] : []),
    ...(typeof code === 'string' ? [code] : []),
    ...messagesIn(cause, depth + 1),
    ...(Array.isArray(errors) ? errors.flatMap((e) => messagesIn(e, depth + 1)) : []),
  ];
}
