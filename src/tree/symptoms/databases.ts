import { connectTimeout, type SymptomTier } from './pattern-kit.js';

/**
 * The MySQL and MariaDB clients put the OS error of the failed connect in parentheses: `Can't connect to MySQL
 * server on 'db' (111)`, `(111 "Connection refused")`, `(10061)` on Windows; MariaDB's newer clients say `Can't
 * connect to server on`. Linux, macOS and Windows numbers for one failure go together.
 */
function mysqlConnect(errnos: string): RegExp {
  return new RegExp(
    String.raw`Can't connect to (?:local )?(?:MySQL |MariaDB )?server (?:on|through socket) [^\n]*?\((?:${errnos})\b`,
  );
}

/** The connection opened, then broke while the client waited for the server's greeting (`system error: 104`). */
function mysqlLostAtGreeting(errnos: string): RegExp {
  return new RegExp(
    String.raw`Lost connection to (?:MySQL |MariaDB )?server at '(?:handshake: )?(?:reading|waiting for) initial communication packet', system error: (?:${errnos})\b`,
  );
}

/**
 * Database clients, whose messages carry a wire-level meaning in their own words or numbers: libpq (psql,
 * psycopg, the pg gem) and the MySQL/MariaDB clients. They map to what they say about the connection; protocol
 * branches come later.
 */
export const databaseTier: SymptomTier = {
  // The phrases every pattern below starts from.
  gate: /Can't connect to|Lost connection to|server host|server closed the connection|SSL SYSCALL/i,
  patterns: [
    {
      pattern: /Can't connect to local (?:MySQL |MariaDB )?server through socket '[^'\n]*' \((?:111|61)\b/,
      id: 'refused',
      source: 'MySQL client (Unix socket refused)',
      meaning:
        'The client connected through a Unix socket file, not over TCP, and nothing was listening on it: the server is not running, or listens on another socket or only on TCP. The probes look at TCP: give 127.0.0.1 and the port to compare.',
    },
    { pattern: mysqlConnect('111|61|10061'), id: 'refused', source: 'MySQL client (connection refused)' },
    {
      pattern: mysqlConnect('110|60|10060|115'),
      id: 'timeout',
      source: 'MySQL client (connect timed out)',
      meaning: `${connectTimeout} (MariaDB's client reports its own connect timeout as 115, "operation in progress".)`,
    },
    { pattern: mysqlConnect('113|65|10065'), id: 'host-unreachable', source: 'MySQL client (no route to host)' },
    { pattern: mysqlConnect('101|51|10051'), id: 'network-unreachable', source: 'MySQL client (network unreachable)' },
    { pattern: /Unknown (?:MySQL )?server host '[^'\n]*'/, id: 'dns-not-found', source: 'MySQL client (unknown host)' },
    {
      pattern: mysqlLostAtGreeting('0'),
      id: 'closed-without-response',
      source: 'MySQL client (lost at the greeting)',
      meaning:
        "The connection opened, then the other side closed it (FIN) before the server's greeting arrived: a MySQL server sends its greeting first, so something that accepts connections there is not answering as one (a server refusing this client's address, a port forward or proxy with nothing behind it, or another service on that port).",
    },
    { pattern: mysqlLostAtGreeting('104|54|10054'), id: 'reset', source: 'MySQL client (reset at the greeting)' },
    {
      pattern: mysqlLostAtGreeting('110|60|10060'),
      id: 'timeout',
      source: 'MySQL client (no greeting in time)',
      meaning:
        "The connection opened, but the server's greeting (MySQL servers speak first) did not arrive in time: a hung server, or a firewall or proxy that accepts connections and passes nothing on.",
    },
    { pattern: mysqlLostAtGreeting('111|61|10061'), id: 'refused', source: 'MySQL client (connection refused)' },
    {
      pattern: /server closed the connection unexpectedly/i,
      id: 'closed-without-response',
      source: 'PostgreSQL libpq',
      meaning:
        'libpq (psql, psycopg, the pg gem) saw the server end the connection (FIN) without a reply or an error message: the server process crashed or was killed, or something in between (a load balancer, a proxy, a firewall with an idle timeout) closed it.',
    },
    {
      pattern: /SSL SYSCALL error: EOF detected/i,
      id: 'closed-without-response',
      source: 'PostgreSQL libpq (TLS connection closed)',
      meaning:
        'libpq was using an encrypted (TLS) connection when it ended (FIN) without a proper TLS close: the server process ended, or something in between (a load balancer or firewall with an idle timeout) closed it.',
    },
  ],
};
