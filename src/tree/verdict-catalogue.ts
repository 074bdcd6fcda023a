import type { VerdictId } from './verdict-ids.js';

/** What a verdict id stands for, independent of any one session: the catalogue of SPEC §3 as data. */
export interface CatalogueEntry {
  /** The root cause, in one line. */
  rootCause: string;
  /** What the probes must see to reach it. */
  signature: string;
}

/**
 * The verdict catalogue. A full record over the ids, so a new id without its entry fails to compile;
 * `docs/verdicts.md` is generated from it and from the tree (`npm run docs`), and a test fails when that page
 * is stale.
 */
export const verdictCatalogue: Readonly<Record<VerdictId, CatalogueEntry>> = {
  healthy: {
    rootCause: 'Nothing is wrong at the network or protocol level.',
    signature: 'The name resolves, TCP connects, TLS (if any) verifies, and the server answers.',
  },
  'dns-no-such-host': {
    rootCause: 'The name does not exist.',
    signature: 'NXDOMAIN / `ENOTFOUND`, and no hosts-file entry.',
  },
  'dns-no-address': {
    rootCause: 'The name exists but has no address of a usable family.',
    signature: 'NODATA / `ENODATA`.',
  },
  'dns-resolver-failure': {
    rootCause: 'The resolver itself fails.',
    signature: 'SERVFAIL, REFUSED, a resolver timeout, `EAI_AGAIN`, or no resolver configured.',
  },
  'no-listener': {
    rootCause: 'Nothing listens on that port (the service is down, or the port is wrong).',
    signature: 'An RST answers the SYN (`ECONNREFUSED`) on every address, and no local listener holds the port.',
  },
  'listener-bound-elsewhere': {
    rootCause:
      'The service listens, but on another address than the one used (bound to 127.0.0.1 and reached through another address, or bound to a container’s own loopback).',
    signature: '`ECONNREFUSED` at the target address while this machine listens on the same port on another address.',
  },
  'listener-came-up': {
    rootCause:
      'The service was not listening yet when the client connected, and started moments later (it was starting up, or restarting).',
    signature:
      '`ECONNREFUSED`, then this machine listens on that very address and port, and a second connect is accepted.',
  },
  'address-family-mismatch': {
    rootCause:
      'The name has IPv4 and IPv6 addresses and the service listens on one family only (`localhost` → `::1` while the server is on `127.0.0.1`).',
    signature: 'The connect is refused on one family and accepted on the other.',
  },
  'port-filtered': {
    rootCause: 'A firewall silently drops the traffic, or the host is down.',
    signature:
      'The SYN goes unanswered within the budget; a control port on the same host answers (a firewall) or does not (host down, or the whole host filtered).',
  },
  'host-unreachable': {
    rootCause: 'A router or firewall rejects the traffic with ICMP.',
    signature: '`EHOSTUNREACH` / ICMP host or admin-prohibited.',
  },
  'network-unreachable': {
    rootCause: 'There is no route to that network.',
    signature: '`ENETUNREACH`.',
  },
  'forwarder-backend-down': {
    rootCause:
      'The listener is a port forwarder (docker-proxy, ssh -L, kubectl port-forward, socat, a container runtime’s) whose backend is unreachable.',
    signature:
      'The connection is accepted, then closed or reset with no response (or held silent), and the local listener is a known forwarder: certain when the backend its command line names fails a connect from here. A reverse proxy’s close alone is not enough (it may close on purpose).',
  },
  'reset-after-accept': {
    rootCause: 'The server accepts, then aborts (a crash, a connection limit, an application that rejects the client).',
    signature: 'The connection is established, then an RST arrives before any response (`ECONNRESET`, curl 56).',
  },
  'closed-without-response': {
    rootCause: 'The server closes cleanly without answering.',
    signature: 'A FIN with no bytes (curl 52 "Empty reply from server").',
  },
  'no-response': {
    rootCause: 'The server accepts but never answers (a hung worker, or a protocol that waits for the client).',
    signature: 'Connected, and no byte within the budget.',
  },
  'tls-to-plaintext-port': {
    rootCause: 'TLS is spoken to a plain-text port (`https://` on an HTTP port).',
    signature: 'The handshake gets plain bytes (`HTTP/1.x 400`), "wrong version number".',
  },
  'plaintext-to-tls-port': {
    rootCause: 'Plain HTTP is spoken to a TLS port.',
    signature: 'The server answers with a TLS alert, closes, or says "plain HTTP request was sent to HTTPS port".',
  },
  'tls-certificate-untrusted': {
    rootCause: 'The certificate is self-signed or from an unknown CA.',
    signature: 'Verify error `DEPTH_ZERO_SELF_SIGNED_CERT`, `SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_GET_ISSUER_CERT*`.',
  },
  'tls-certificate-expired': {
    rootCause: 'The certificate is outside its validity.',
    signature: '`CERT_HAS_EXPIRED` / `CERT_NOT_YET_VALID`.',
  },
  'tls-hostname-mismatch': {
    rootCause: 'The certificate was not issued for this name.',
    signature: '`ERR_TLS_CERT_ALTNAME_INVALID`, confirmed against the certificate’s own names.',
  },
  'tls-handshake-failure': {
    rootCause: 'A version, cipher or client-certificate mismatch.',
    signature: 'A handshake alert, and no session.',
  },
  'http-upstream-error': {
    rootCause: 'A proxy or gateway answered, but its upstream failed.',
    signature: 'HTTP 502, 503 or 504.',
  },
  'http-error-status': {
    rootCause: 'The connection is fine; the application answers with an error.',
    signature: 'Any other 4xx or 5xx status.',
  },
  'unexpected-protocol': {
    rootCause:
      'The port answers, but in another protocol than the client speaks (HTTP sent to an SSH, database or binary service).',
    signature:
      'A banner of another protocol, or bytes that are neither HTTP nor a TLS record, in answer to the request.',
  },
  'proxy-interference': {
    rootCause: 'A proxy from the environment (`HTTP(S)_PROXY`, `ALL_PROXY`) carries or breaks the request.',
    signature:
      'The proxy applies to the target (not excluded by `NO_PROXY`) and the result through it differs from the direct one.',
  },
  'intermittent-failures': {
    rootCause: 'Some attempts fail, others succeed (overload, a rate limit, a flaky path).',
    signature: 'Repeated connects: a mix of successes and resets or timeouts.',
  },
  'idle-keepalive-close': {
    rootCause:
      'The server closes idle keep-alive connections; clients that reuse a pooled connection after that get `ECONNRESET` / "socket hang up".',
    signature: 'An idle connection is closed by the server after N seconds.',
  },
  'server-rejects-client': {
    rootCause:
      'The service is up, but its access rules refuse this client (pg_hba.conf, MySQL host grants, Redis protected mode).',
    signature:
      "The server's own refusal before any credential: PostgreSQL 28000, MySQL error 1130/1129, Redis `-DENIED`; or AMQP's Connection.Close 530 `access to vhost … refused` after a login that worked (the user has no permissions there).",
  },
  'server-connection-limit': {
    rootCause: 'The service is at its connection limit.',
    signature:
      'PostgreSQL 53300 "too many clients", MySQL 1040, Redis `-ERR max number of clients reached`, sshd `Exceeded MaxStartups`, SMTP 421.',
  },
  'server-requires-tls': {
    rootCause:
      'The service accepts only TLS-protected sessions and the client did not ask for TLS (or asks for TLS where the service has none).',
    signature:
      'PostgreSQL: refused without SSL, let in with it; MySQL 3159; `N` to SSLRequest when the client requires TLS.',
  },
  'authentication-required': {
    rootCause: 'The service needs credentials the client did not give.',
    signature:
      'Redis `-NOAUTH`, MongoDB error 13, PostgreSQL naming no such role for a session started without a user.',
  },
  'authentication-failed': {
    rootCause: 'Credentials were given and refused.',
    signature:
      'PostgreSQL 28P01, MySQL 1045, Redis `-WRONGPASS`, AMQP Connection.Close 403 `ACCESS_REFUSED`, after the password from the URL was sent to test it.',
  },
  'server-not-ready': {
    rootCause: 'The service is starting, shutting down or recovering.',
    signature: 'PostgreSQL 57P03, Redis `-LOADING`, SMTP 421 at the greeting.',
  },
  'database-missing': {
    rootCause: 'The database (for AMQP, the virtual host) the client asks for does not exist on this server.',
    signature: 'PostgreSQL 3D000, MySQL 1049, AMQP Connection.Close 530 `vhost … not found` after a login that worked.',
  },
  'server-error': {
    rootCause: 'The service answered the handshake with an error no more specific verdict covers.',
    signature: "An error answer in the server's own protocol (quoted as evidence), never read as healthy.",
  },
};
