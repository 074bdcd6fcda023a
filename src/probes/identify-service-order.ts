import type { IdentifyMethod } from './service-identity.js';

/**
 * The attempt a well-known port's number suggests should go first: `banner` where the usual service greets first
 * (SSH, SMTP, FTP, POP3, IMAP, MySQL/MariaDB), else the hello its usual service answers at once. A guess that only
 * orders the attempts: what the server says decides, so a port that speaks something else is still named right.
 * HTTP's ports have no row: HEAD must not go before the TLS hello (see GENERAL), and no handshake waits on HTTP.
 */
const WELL_KNOWN_PORTS: ReadonlyMap<number, IdentifyMethod> = new Map<number, IdentifyMethod>([
  [21, 'banner'],
  [22, 'banner'],
  [25, 'banner'],
  [110, 'banner'],
  [143, 'banner'],
  [587, 'banner'],
  [3306, 'banner'],
  [443, 'tls-hello'],
  [465, 'tls-hello'],
  [993, 'tls-hello'],
  [995, 'tls-hello'],
  [8443, 'tls-hello'],
  [5432, 'postgres-ssl-request'],
  [6379, 'redis-ping'],
]);

/** The first attempt on `port` by its number, or null for a port that suggests nothing. */
export function expectedMethod(port: number): IdentifyMethod | null {
  return WELL_KNOWN_PORTS.get(port) ?? null;
}

/** Attempts that run at the same time, each on its own connection; the next round starts when this one named nothing. */
export type IdentifyRound = readonly IdentifyMethod[];

/**
 * Without a guess, the first round listens for a greeting while the two hellos whose answers no other protocol
 * gives go out beside it: Redis's reply to PING and PostgreSQL's one-byte answer to an SSLRequest come back within
 * a round trip, so a server that speaks only when spoken to is named as soon as it answers, not after a silence.
 * The TLS hello goes before HTTP's HEAD, because a TLS port answers a plain HTTP request with an HTTP error page
 * (nginx: "The plain HTTP request was sent to HTTPS port") and would be taken for HTTP; PING and an SSLRequest
 * draw no such page.
 */
const GENERAL: readonly IdentifyRound[] = [
  ['banner', 'redis-ping', 'postgres-ssl-request'],
  ['tls-hello'],
  ['http-hello'],
];

/**
 * Without a guess, when the connect check kept its connection (connection-parking.ts) and no greeting waits on it
 * (ConnectionParking.keptAfterPoll let the loop read what had come): the SSLRequest goes on it (identify-service.ts's
 * startOrder) and PING on a connection of its own, and the listen for a greeting waits for the second round, on a
 * fresh connection. Most servers that speak first have spoken by then, on the kept connection; a connection fewer is
 * one fewer that the servers which count them see: a PostgreSQL forks a backend for each, a MariaDB counts one closed
 * after its greeting against max_connect_errors. A server that greets only after a pause (some SMTP servers) is
 * named in the second round, not the first.
 */
const GENERAL_ON_KEPT: readonly IdentifyRound[] = [
  ['redis-ping', 'postgres-ssl-request'],
  ['banner', 'tls-hello'],
  ['http-hello'],
];

/** What identification knows of the connection the connect check kept for it. */
export interface KeptConnection {
  /** Bytes already wait on it: the server spoke first. */
  greeted: boolean;
}

/**
 * The rounds of attempts for a port, from the method its number suggests:
 * - `banner` (a server-first service is expected): the greeting alone first, with no byte sent and one connection,
 *   as polite as an SSH client; the hellos only if it stays silent.
 * - a hello: that hello alone first (its connection reads a greeting too, should one come); the others only if it
 *   names nothing.
 * - null: the general order above, GENERAL_ON_KEPT with a kept connection.
 * A greeting already waiting on the kept connection makes it `banner`, whatever the port suggests: it alone names the
 * server, with no byte sent.
 * `bannerOnly` (a server that counts every connection without a login, OpenSSH): the greeting and nothing else.
 */
export function identifyRounds(
  suggested: IdentifyMethod | null,
  bannerOnly = false,
  kept: KeptConnection | null = null,
): IdentifyRound[] {
  if (bannerOnly) return [['banner']];
  // A server that spoke first is no client-first service, whatever its port's number suggests.
  const first = kept?.greeted ? 'banner' : suggested;
  if (first === null) return (kept ? GENERAL_ON_KEPT : GENERAL).map((round) => [...round]);
  const rest = GENERAL.map((round) => round.filter((method) => method !== first)).filter((round) => round.length > 0);
  return [[first], ...rest];
}
