import type { SymptomPattern } from './pattern-kit.js';

/** OS error texts (strerror), shared by ssh, psql, nginx, Rust, .NET and most tools. */
export const osPhrasePatterns: readonly SymptomPattern[] = [
  {
    pattern: /connection refused|actively refused/i,
    id: 'refused',
    source: 'OS error "Connection refused" (ECONNREFUSED)',
  },
  {
    pattern: /connection (?:was )?reset|reset by peer|forcibly closed/i,
    id: 'reset',
    source: 'OS error "Connection reset by peer" (ECONNRESET)',
  },
  {
    pattern: /no route to host|host is unreachable|host unreachable/i,
    id: 'host-unreachable',
    source: 'OS error "No route to host" (EHOSTUNREACH)',
  },
  {
    pattern: /network is unreachable|network unreachable/i,
    id: 'network-unreachable',
    source: 'OS error "Network is unreachable" (ENETUNREACH)',
  },
  { pattern: /connection was interrupted/i, id: 'reset', source: 'Firefox "The connection was interrupted"' },
  {
    pattern: /connection to the server was reset/i,
    id: 'reset',
    source: 'Firefox "The connection to the server was reset"',
  },
  {
    pattern: /closed (?:the )?connection without (?:any )?response/i,
    id: 'closed-without-response',
    source: 'connection closed without a response',
  },
  { pattern: /timed? ?out|timeout/i, id: 'timeout', source: 'a timeout' },
  // After the timeout phrases: kubectl says "Unable to connect to the server: … i/o timeout".
  {
    pattern: /Unable to connect|can[’']t establish a connection to the server/i,
    id: 'refused',
    source: 'Firefox "Unable to connect"',
  },
];
