import net from 'node:net';
import type { LabDnsServer } from './dns-server.js';
import type { LabScenario, LabShared, RunningScenario } from './scenario.js';
import { makeLabPki, type LabPki } from './certs/lab-pki.js';
import { writeTempCaFile } from './certs/temp-ca-file.js';
import { maxStartupsRefusal, sshBanner, startBannerServer } from './servers/banner-server.js';
import { startOnBothLoopbacks } from './servers/both-loopbacks.js';
import { startCloseAfterRequest } from './servers/close-after-request.js';
import { startCloseOnAccept } from './servers/close-on-accept.js';
import { findClosedPort } from './servers/closed-port.js';
import { startFlakyServer } from './servers/flaky-server.js';
import { startGarbageServer } from './servers/garbage-server.js';
import { startGoPlainToTls } from './servers/go-plain-to-tls.js';
import { startHttpProxy } from './servers/http-proxy.js';
import { startHttpStatusServer } from './servers/http-status-server.js';
import { startIdleClosingServer } from './servers/idle-closing-server.js';
import { startAmqpLike, startAmqpsLike } from './servers/amqp-like.js';
import { listenTracked, type LabServer } from './servers/lab-server.js';
import { startMongoLike, startMongoTlsOnly } from './servers/mongo-like.js';
import { startNginxPlainToTls } from './servers/nginx-plain-to-tls.js';
import { startPostgresLike } from './servers/postgres-like.js';
import { startRedisLike } from './servers/redis-like.js';
import { startResetAfterRequest } from './servers/reset-after-request.js';
import { startResetOnAccept } from './servers/reset-on-accept.js';
import { startSilentServer } from './servers/silent-server.js';
import { startSingleFamilyListener } from './servers/single-family-listener.js';
import { startSmtpLike, startSmtpsLike } from './servers/smtp-like.js';
import { startSocatForwarder } from './servers/socat-forwarder.js';
import { startSynQueueFull } from './servers/syn-queue-full.js';
import { startTlsServer, type TlsServerOptions } from './servers/tls-server.js';

/** Long enough for loopback, short enough that the hanging scenarios don't drag a demo or a test. */
const shortTimeout = ['--timeout', '1000'];

/** `host:port`, with brackets for an IPv6 host. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function dnsArgs(dns: LabDnsServer): string[] {
  return ['--dns-server', hostPort(dns.host, dns.port)];
}

/** A scenario whose target is one fault server, reached by its IP literal. */
function serve(start: () => Promise<LabServer>, scheme: 'http' | 'tcp' = 'http', args: string[] = []) {
  return async (): Promise<RunningScenario> => {
    const server = await start();
    const authority = hostPort(server.host, server.port);
    return { target: scheme === 'http' ? `http://${authority}/` : `tcp://${authority}`, args, stop: server.stop };
  };
}

/** A protocol-speaking server reached through a URL of its own scheme, `url` built from its host:port. */
function serveUrl(start: () => Promise<LabServer>, url: (authority: string) => string, args: string[] = []) {
  return async (): Promise<RunningScenario> => {
    const server = await start();
    return { target: url(hostPort(server.host, server.port)), args, stop: server.stop };
  };
}

/** A server on one family only, reached through a name with addresses of both. */
function serveDual(family: 4 | 6) {
  return async ({ dns }: LabShared): Promise<RunningScenario> => {
    const server = await startSingleFamilyListener(family);
    return { target: `http://dual.lab.test:${server.port}/`, args: dnsArgs(dns), stop: server.stop };
  };
}

/** A server on 127.0.0.1 reached through 127.0.0.2: the same machine, another address it is not bound to. */
function serveOnOtherLoopback() {
  return async (): Promise<RunningScenario> => {
    const server = await startHttpStatusServer(200, '127.0.0.1');
    return { target: `http://127.0.0.2:${server.port}/`, args: [], stop: server.stop };
  };
}

/**
 * Proxy variables where only `name` is set: every other one, NO_PROXY included, is cleared, so that the caller's
 * own settings can neither exempt loopback nor send the target through another proxy.
 */
function onlyProxyVariable(name: 'http_proxy' | 'https_proxy', url: string): Record<string, string> {
  const names = [
    'http_proxy',
    'HTTP_PROXY',
    'https_proxy',
    'HTTPS_PROXY',
    'all_proxy',
    'ALL_PROXY',
    'no_proxy',
    'NO_PROXY',
  ];
  return { ...Object.fromEntries(names.map((variable) => [variable, ''])), [name]: url };
}

/** A healthy HTTP server whose clients are sent through a proxy by `http_proxy`. */
function behindProxy(proxy: () => Promise<{ url: string; stop(): Promise<void> }>) {
  return async (): Promise<RunningScenario> => {
    const [server, via] = await Promise.all([startHttpStatusServer(200, '127.0.0.1'), proxy()]);
    return {
      target: `http://127.0.0.1:${server.port}/`,
      args: [],
      env: onlyProxyVariable('http_proxy', via.url),
      stop: async () => {
        await Promise.all([server.stop(), via.stop()]);
      },
    };
  };
}

/**
 * A port closed on 127.0.0.1 and on ::1 alike, so every address of `localhost` refuses it (bound on both, then
 * closed). Its number comes from the closed range (closed-port.ts), never a freed ephemeral one, which a later
 * listen on port 0 anywhere on this machine may be handed: a TLS server of another test once answered there.
 */
async function findClosedOnBothLoopbacks(): Promise<number> {
  const held = await startOnBothLoopbacks(async (host, port) =>
    listenTracked(net.createServer(), host, port === 0 ? await findClosedPort(host) : port),
  );
  await held.stop();
  return held.port;
}

/**
 * The target's own port refuses, and the proxy the environment names answers for it: the lab proxy carries
 * requests for the target to a healthy server on another port, as a corporate gateway reaches what its clients
 * cannot. With `reroute: false` the proxy tries the refusing port itself, and fails too (502).
 */
function directRefusedBehindProxy(scheme: 'http' | 'https', reroute = true) {
  return async (): Promise<RunningScenario> => {
    const stops: (() => Promise<void>)[] = [];
    const stop = async () => {
      await Promise.all(stops.splice(0).map((s) => s()));
    };
    try {
      // https targets are localhost, so the certificate's name is checked, and the root is passed with --ca.
      const host = scheme === 'https' ? 'localhost' : '127.0.0.1';
      const caFile = scheme === 'https' ? await writeTempCaFile(labPki().rootCa) : undefined;
      if (caFile) stops.push(caFile.remove);
      const server =
        scheme === 'https'
          ? await startTls((p) => ({ identity: p.good }))()
          : await startHttpStatusServer(200, '127.0.0.1');
      stops.push(server.stop);
      // Found once the server holds its port, so the two differ.
      const closed = await findClosedOnBothLoopbacks();
      const upstream = { host: '127.0.0.1', port: server.port };
      const proxy = await startHttpProxy(
        { mode: 'forward' },
        '127.0.0.1',
        reroute ? { reroute: { [`${host}:${closed}`]: upstream } } : {},
      );
      stops.push(proxy.stop);
      return {
        target: `${scheme}://${host}:${closed}/`,
        args: caFile ? ['--ca', caFile.path] : [],
        env: onlyProxyVariable(`${scheme}_proxy`, `http://127.0.0.1:${proxy.port}`),
        stop,
      };
    } catch (error) {
      await stop();
      throw error;
    }
  };
}

/**
 * `name` does not resolve here (the lab DNS fails it, through --dns-server), and http_proxy names a lab proxy that
 * "resolves" it on its side: its reroute map sends name:80 to a healthy server, as a corporate proxy reaches a name
 * only its network knows (curl works, the app gets ENOTFOUND or EAI_AGAIN). The proxy never looks the name up. With
 * `proxyReaches: false` the reroute leads to a closed port, and the proxy answers 502 for the name.
 */
function unresolvedBehindProxy(name: string, proxyReaches = true) {
  return async ({ dns }: LabShared): Promise<RunningScenario> => {
    const stops: (() => Promise<void>)[] = [];
    const stop = async () => {
      await Promise.all(stops.splice(0).map((s) => s()));
    };
    try {
      const server = proxyReaches ? await startHttpStatusServer(200, '127.0.0.1') : null;
      if (server) stops.push(server.stop);
      const upstream = { host: '127.0.0.1', port: server ? server.port : await findClosedPort() };
      const proxy = await startHttpProxy({ mode: 'forward' }, '127.0.0.1', { reroute: { [`${name}:80`]: upstream } });
      stops.push(proxy.stop);
      return {
        target: `http://${name}:80/`,
        args: dnsArgs(dns),
        env: onlyProxyVariable('http_proxy', `http://127.0.0.1:${proxy.port}`),
        stop,
      };
    } catch (error) {
      await stop();
      throw error;
    }
  };
}

const labProxy = (mode: Parameters<typeof startHttpProxy>[0]) => async () => {
  const proxy = await startHttpProxy(mode);
  return { url: `http://127.0.0.1:${proxy.port}`, stop: proxy.stop };
};

const noProxyThere = async () => ({ url: `http://127.0.0.1:${await findClosedPort()}`, stop: async () => {} });

/** A name the lab's DNS server answers for; port 80 is never connected, since resolution fails. */
function lookUp(name: string, args: string[] = []) {
  return async ({ dns }: LabShared): Promise<RunningScenario> => ({
    target: `http://${name}:80/`,
    args: [...dnsArgs(dns), ...args],
    stop: async () => {},
  });
}

/** A scenario whose fault only shows as a wait, diagnosed within a short budget. */
function hang(start: () => Promise<LabServer>) {
  return serve(start, 'http', shortTimeout);
}

/** A scenario whose server answers every HTTP request with `code`. */
function status(code: number) {
  return serve(() => startHttpStatusServer(code));
}

function problem(id: string, expectedVerdict: string, title: string, start: LabScenario['start']): LabScenario {
  return { id, title, expectedVerdict, expectedExit: 1, start };
}

let pki: LabPki | undefined;
/** The lab's certificates, made on first use and shared by every TLS scenario of this process. */
function labPki(): LabPki {
  pki ??= makeLabPki();
  return pki;
}

/** A TLS server on both loopbacks (so `localhost` reaches it first try), its options drawn from the lab PKI. */
function startTls(options: (pki: LabPki) => Omit<TlsServerOptions, 'host' | 'port'>) {
  return () => startOnBothLoopbacks((host, port) => startTlsServer({ ...options(labPki()), host, port }));
}

/**
 * A scenario whose target is `https://localhost:<port>/`, so the name is checked against the certificate.
 * With `trustRoot`, conn-doctor gets the lab's root CA in a temp file (`--ca`), removed on stop.
 */
function serveHttps(start: () => Promise<LabServer>, trustRoot = true) {
  return async (): Promise<RunningScenario> => {
    const caFile = trustRoot ? await writeTempCaFile(labPki().rootCa) : undefined;
    const removeCa = async () => caFile?.remove();
    const server = await start().catch(async (error: unknown) => {
      await removeCa();
      throw error;
    });
    return {
      target: `https://localhost:${server.port}/`,
      args: caFile ? ['--ca', caFile.path] : [],
      stop: async () => {
        await server.stop();
        await removeCa();
      },
    };
  };
}

/** OpenSSL 3 allows TLS 1.0 and 1.1 only at security level 0; Node's client refuses below 1.2 by default. */
const oldVersionsOnly = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;

/** Accepts only TLS 1.2 or 1.3 clients that present a certificate from the lab's root. */
function mtls(maxVersion: 'TLSv1.2' | 'TLSv1.3') {
  return serveHttps(startTls((p) => ({ identity: p.good, maxVersion, clientCa: p.rootCa })));
}

/** Every fault the lab stages, each with the verdict it must produce. */
export const scenarios: readonly LabScenario[] = [
  { id: 'healthy-http', title: 'HTTP answers 200 OK', expectedVerdict: 'healthy', expectedExit: 0, start: status(200) },
  // It accepts and never says a word: the connection works, what listens there is not known.
  {
    id: 'healthy-tcp',
    title: 'TCP server that accepts and stays silent',
    expectedVerdict: 'healthy',
    expectedConfidence: 'likely',
    expectedExit: 0,
    start: serve(startSilentServer, 'tcp'),
  },
  problem('closed-port', 'no-listener', 'Nothing listens on the port', async () => ({
    target: `http://127.0.0.1:${await findClosedPort()}/`,
    args: [],
    stop: async () => {},
  })),
  problem('reset-on-accept', 'reset-after-accept', 'Server resets on accept', serve(startResetOnAccept)),
  problem('reset-after-request', 'reset-after-accept', 'Server resets after request', serve(startResetAfterRequest)),
  problem('close-on-accept', 'closed-without-response', 'Server closes on accept', serve(startCloseOnAccept)),
  problem(
    'close-after-request',
    'closed-without-response',
    'Server closes after request',
    serve(startCloseAfterRequest),
  ),
  problem('silent-server', 'no-response', 'Server accepts but never answers', hang(startSilentServer)),
  problem('syn-queue-full', 'port-filtered', 'SYNs dropped: accept queue full', hang(startSynQueueFull)),
  problem('ipv4-only', 'address-family-mismatch', 'Name has IPv4 + IPv6, server on 127.0.0.1 only', serveDual(4)),
  problem('ipv6-only', 'address-family-mismatch', 'Name has IPv4 + IPv6, server on ::1 only', serveDual(6)),
  problem('bad-gateway', 'http-upstream-error', 'Gateway answers 502 Bad Gateway', status(502)),
  problem('service-unavailable', 'http-upstream-error', 'Server answers 503 Service Unavailable', status(503)),
  problem('gateway-timeout', 'http-upstream-error', 'Gateway answers 504 Gateway Timeout', status(504)),
  problem('not-found', 'http-error-status', 'Application answers 404 Not Found', status(404)),
  problem('server-error', 'http-error-status', 'Application answers 500 Internal Server Error', status(500)),
  problem(
    'ssh-banner',
    'unexpected-protocol',
    'HTTP sent to an SSH server',
    serve(() => startBannerServer(sshBanner)),
  ),
  problem('garbage-bytes', 'unexpected-protocol', 'Server answers with binary noise', serve(startGarbageServer)),
  problem('dns-nxdomain', 'dns-no-such-host', 'Name does not exist (NXDOMAIN)', lookUp('nxdomain.lab.test')),
  problem('dns-dangling-cname', 'dns-no-such-host', 'CNAME to a missing name', lookUp('dangling.lab.test')),
  problem('dns-nodata', 'dns-no-address', 'Name exists, no address (NODATA)', lookUp('nodata.lab.test')),
  problem('dns-servfail', 'dns-resolver-failure', 'Resolver answers SERVFAIL', lookUp('servfail.lab.test')),
  problem('dns-refused', 'dns-resolver-failure', 'Resolver answers REFUSED', lookUp('refused.lab.test')),
  problem('dns-silent', 'dns-resolver-failure', 'Resolver never answers', lookUp('silent.lab.test', shortTimeout)),
  {
    id: 'tls-healthy',
    title: 'HTTPS with a certificate chained to a trusted CA',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serveHttps(startTls((p) => ({ identity: p.good }))),
  },
  problem(
    'tls-self-signed',
    'tls-certificate-untrusted',
    'Certificate signs itself',
    serveHttps(startTls((p) => ({ identity: p.selfSigned }))),
  ),
  problem(
    'tls-missing-intermediate',
    'tls-certificate-untrusted',
    'Server sends its certificate without the intermediate',
    serveHttps(startTls((p) => ({ identity: p.missingIntermediate }))),
  ),
  problem(
    'tls-unknown-ca',
    'tls-certificate-untrusted',
    'Certificate from a CA the client does not trust',
    serveHttps(
      startTls((p) => ({ identity: p.good })),
      false,
    ),
  ),
  problem(
    'tls-expired',
    'tls-certificate-expired',
    'Certificate has expired',
    serveHttps(startTls((p) => ({ identity: p.expired }))),
  ),
  problem(
    'tls-not-yet-valid',
    'tls-certificate-expired',
    'Certificate is not valid yet',
    serveHttps(startTls((p) => ({ identity: p.notYetValid }))),
  ),
  problem(
    'tls-wrong-name',
    'tls-hostname-mismatch',
    'Certificate issued for another name',
    serveHttps(startTls((p) => ({ identity: p.wrongName }))),
  ),
  problem(
    'tls-client-cert-required-12',
    'tls-handshake-failure',
    'TLS 1.2 server requires a client certificate',
    mtls('TLSv1.2'),
  ),
  problem(
    'tls-client-cert-required-13',
    'tls-handshake-failure',
    'TLS 1.3 server requires a client certificate (refused after the handshake)',
    mtls('TLSv1.3'),
  ),
  problem(
    'tls-old-version-only',
    'tls-handshake-failure',
    'Server speaks only TLS 1.0 and 1.1',
    serveHttps(startTls((p) => ({ identity: p.good, ...oldVersionsOnly }))),
  ),
  problem(
    'https-to-plain-http',
    'tls-to-plaintext-port',
    'HTTPS spoken to a plain HTTP port',
    serveHttps(() => startOnBothLoopbacks((host, port) => startHttpStatusServer(200, host, port)), false),
  ),
  problem(
    'http-to-tls-port',
    'plaintext-to-tls-port',
    'Plain HTTP spoken to a TLS port that just closes',
    serve(() => startTlsServer({ identity: labPki().good })),
  ),
  problem(
    'http-to-nginx-tls-port',
    'plaintext-to-tls-port',
    'Plain HTTP to an nginx TLS port ("400 The plain HTTP request was sent to HTTPS port")',
    serve(() => startNginxPlainToTls(labPki().good)),
  ),
  problem(
    'http-to-go-tls-port',
    'plaintext-to-tls-port',
    'Plain HTTP to a Go TLS port ("Client sent an HTTP request to an HTTPS server.")',
    serve(() => startGoPlainToTls(labPki().good)),
  ),
  problem(
    'bound-to-other-loopback',
    'listener-bound-elsewhere',
    'Listener on 127.0.0.1 reached through 127.0.0.2',
    serveOnOtherLoopback(),
  ),
  {
    id: 'proxy-forwards',
    title: 'Through a working HTTP proxy',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: behindProxy(labProxy({ mode: 'forward' })),
  },
  problem(
    'proxy-down',
    'proxy-interference',
    'http_proxy points at a port where nothing listens',
    behindProxy(noProxyThere),
  ),
  problem(
    'proxy-denies',
    'proxy-interference',
    'The proxy forbids the target (403)',
    behindProxy(labProxy({ mode: 'deny' })),
  ),
  problem(
    'proxy-wants-auth',
    'proxy-interference',
    'The proxy wants credentials (407)',
    behindProxy(labProxy({ mode: 'auth', username: 'lab', password: 'secret' })),
  ),
  problem(
    'proxy-breaks',
    'proxy-interference',
    'The proxy resets the request',
    behindProxy(labProxy({ mode: 'break' })),
  ),
  problem(
    'proxy-reaches-what-direct-cannot',
    'proxy-interference',
    'Direct connect refused, but http_proxy reaches the server (curl works, the app does not)',
    directRefusedBehindProxy('http'),
  ),
  problem(
    'proxy-tunnels-what-direct-cannot',
    'proxy-interference',
    'Direct connect refused, but https_proxy tunnels to the server (CONNECT, then TLS)',
    directRefusedBehindProxy('https'),
  ),
  problem(
    'refused-and-proxy-fails',
    'no-listener',
    'Nothing listens on the port, and the proxy gets 502 for it',
    directRefusedBehindProxy('http', false),
  ),
  problem(
    'proxy-resolves-what-dns-cannot',
    'proxy-interference',
    'Name does not resolve here (NXDOMAIN), but http_proxy resolves it and answers (curl works, the app gets ENOTFOUND)',
    unresolvedBehindProxy('nxdomain.lab.test'),
  ),
  problem(
    'proxy-resolves-what-resolver-cannot',
    'proxy-interference',
    'Resolver answers SERVFAIL, but http_proxy resolves the name and answers (the app gets EAI_AGAIN)',
    unresolvedBehindProxy('servfail.lab.test'),
  ),
  problem(
    'nxdomain-and-proxy-fails',
    'dns-no-such-host',
    'Name does not exist, and the proxy answers 502 for it',
    unresolvedBehindProxy('nxdomain.lab.test', false),
  ),
  problem(
    'redis-port',
    'unexpected-protocol',
    'HTTP sent to a Redis server',
    serve(() => startRedisLike()),
  ),
  // PostgreSQL closes silently on an HTTP request; only its own hello (an SSLRequest, answered N) shows who it is.
  problem('postgres-port', 'unexpected-protocol', 'HTTP sent to a PostgreSQL server', serve(startPostgresLike)),
  {
    id: 'tcp-redis',
    title: 'Redis port reached with a bare TCP connect',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serve(() => startRedisLike(), 'tcp'),
  },
  {
    id: 'tcp-ssh',
    title: 'SSH port reached with a bare TCP connect',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serve(() => startBannerServer(sshBanner), 'tcp'),
  },
  // Application protocols: the server answers in its own protocol, and the answer says why not (issue 12).
  problem(
    'postgres-no-hba-entry',
    'server-rejects-client',
    'PostgreSQL answers 28000: no pg_hba.conf line for this client',
    serveUrl(
      () => startPostgresLike(),
      (at) => `postgres://app@${at}/shop`,
    ),
  ),
  problem(
    'postgres-too-many-clients',
    'server-connection-limit',
    'PostgreSQL answers 53300: sorry, too many clients already',
    serveUrl(
      () => startPostgresLike(undefined, undefined, 'too-many-clients'),
      (at) => `postgresql://${at}/shop`,
    ),
  ),
  problem(
    'postgres-starting-up',
    'server-not-ready',
    'PostgreSQL answers 57P03: the database system is starting up',
    serveUrl(
      () => startPostgresLike(undefined, undefined, 'starting-up'),
      (at) => `postgres://${at}`,
    ),
  ),
  problem(
    'postgres-no-database',
    'database-missing',
    'PostgreSQL answers 3D000: the database does not exist',
    serveUrl(
      () => startPostgresLike(undefined, undefined, 'no-database'),
      (at) => `postgres://app@${at}/shop`,
    ),
  ),
  problem(
    'postgres-no-tls-for-sslmode-require',
    'server-requires-tls',
    'sslmode=require, and PostgreSQL answers N: it has no TLS',
    serveUrl(
      () => startPostgresLike(),
      (at) => `postgres://app@${at}/shop?sslmode=require`,
    ),
  ),
  problem(
    'tcp-postgres-no-hba-entry',
    'server-rejects-client',
    'A tcp:// target that turns out to be PostgreSQL, whose pg_hba.conf has no line for this client',
    serve(() => startPostgresLike(), 'tcp'),
  ),
  problem(
    'redis-noauth',
    'authentication-required',
    'Redis answers -NOAUTH: requirepass is set and no password was given',
    serveUrl(
      () => startRedisLike(undefined, undefined, { kind: 'requirepass', password: 'lab' }),
      (at) => `redis://${at}`,
    ),
  ),
  problem(
    'redis-wrongpass',
    'authentication-failed',
    'Redis answers -WRONGPASS to the password from the URL',
    serveUrl(
      () => startRedisLike(undefined, undefined, { kind: 'requirepass', password: 'lab' }),
      (at) => `redis://:not-the-password@${at}`,
    ),
  ),
  problem(
    'redis-protected-mode',
    'server-rejects-client',
    'Redis answers -DENIED: protected mode refuses a client from another address',
    serveUrl(
      () => startRedisLike(undefined, undefined, { kind: 'protected' }),
      (at) => `redis://${at}`,
    ),
  ),
  problem(
    'redis-maxclients',
    'server-connection-limit',
    'Redis answers -ERR max number of clients reached',
    serveUrl(
      () => startRedisLike(undefined, undefined, { kind: 'maxclients' }),
      (at) => `redis://${at}`,
    ),
  ),
  problem(
    'redis-loading',
    'server-not-ready',
    'Redis answers -LOADING: the dataset is still being loaded',
    serveUrl(
      () => startRedisLike(undefined, undefined, { kind: 'loading' }),
      (at) => `redis://${at}`,
    ),
  ),
  problem(
    'tcp-redis-noauth',
    'authentication-required',
    'A tcp:// target that turns out to be Redis with requirepass',
    serve(() => startRedisLike(undefined, undefined, { kind: 'requirepass', password: 'lab' }), 'tcp'),
  ),
  problem(
    'ssh-maxstartups',
    'server-connection-limit',
    'sshd sends "Exceeded MaxStartups" and closes',
    serveUrl(
      () => startBannerServer(maxStartupsRefusal, true),
      (at) => `ssh://deploy@${at}`,
    ),
  ),
  // AMQP: the broker's answer to the 0-9-1 protocol header.
  {
    id: 'amqp-healthy',
    title: 'AMQP broker answers with Connection.Start',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serveUrl(startAmqpLike, (at) => `amqp://${at}`),
  },
  problem(
    'amqp-vhost-missing',
    'database-missing',
    'An AMQP broker accepts the login, then answers Connection.Open with Close 530: vhost not found',
    serveUrl(
      () => startAmqpLike('0-9-1', { vhosts: ['/'] }),
      (at) => `amqp://app:lab-password@${at}/orders`,
    ),
  ),
  problem(
    'amqp-other-version',
    'unexpected-protocol',
    'An AMQP 1.0 broker answers the 0-9-1 header with its own AMQP 1.0 header and closes',
    serveUrl(
      () => startAmqpLike('1.0'),
      (at) => `amqp://${at}`,
    ),
  ),
  problem(
    'amqps-to-plain-port',
    'tls-to-plaintext-port',
    'amqps:// to a plain AMQP port: the broker answers the ClientHello with its protocol header',
    serveUrl(startAmqpLike, (at) => `amqps://${at}`),
  ),
  problem(
    'amqp-to-tls-port',
    'server-requires-tls',
    'amqp:// to an amqps port: TLS only, the plain header is hung up on',
    serveUrl(
      () => startAmqpsLike(labPki().good),
      (at) => `amqp://${at}`,
      shortTimeout,
    ),
  ),
  // SMTP: the greeting, or the refusal a server sends instead.
  {
    id: 'smtp-healthy',
    title: 'SMTP server greets with 220',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serveUrl(startSmtpLike, (at) => `smtp://${at}`),
  },
  problem(
    'smtp-too-many-connections',
    'server-connection-limit',
    'SMTP server greets with 421: too many concurrent connections',
    serveUrl(
      () => startSmtpLike('too-many'),
      (at) => `smtp://${at}`,
    ),
  ),
  problem(
    'smtp-shutting-down',
    'server-not-ready',
    'SMTP server greets with 421: service shutting down',
    serveUrl(
      () => startSmtpLike('shutting-down'),
      (at) => `smtp://${at}`,
    ),
  ),
  problem(
    'smtp-client-blocked',
    'server-rejects-client',
    'SMTP server greets with 554: client host rejected',
    serveUrl(
      () => startSmtpLike('blocked'),
      (at) => `smtp://${at}`,
    ),
  ),
  problem(
    'smtp-helo-refused',
    'server-rejects-client',
    'SMTP server greets with 220, then refuses EHLO with 554: Helo command rejected',
    serveUrl(
      () => startSmtpLike('helo-refused'),
      (at) => `smtp://${at}`,
    ),
  ),
  problem(
    'smtps-to-plain-port',
    'tls-to-plaintext-port',
    'smtps:// to a plain SMTP port: its 220 greeting answers the ClientHello',
    serveUrl(startSmtpLike, (at) => `smtps://${at}`),
  ),
  problem(
    'smtp-to-tls-port',
    'server-requires-tls',
    'smtp:// to an smtps port: TLS from the first byte, no greeting in plain text',
    serveUrl(
      () => startSmtpsLike(labPki().good),
      (at) => `smtp://${at}`,
      shortTimeout,
    ),
  ),
  // MongoDB is not in Debian: these lab servers speak OP_MSG, and are all its tests have of a server.
  {
    id: 'mongodb-healthy',
    title: 'MongoDB answers hello: a writable primary',
    expectedVerdict: 'healthy',
    expectedExit: 0,
    start: serveUrl(startMongoLike, (at) => `mongodb://${at}`),
  },
  problem(
    'mongodb-shutting-down',
    'server-not-ready',
    'MongoDB answers hello with ShutdownInProgress: it is in its quiesce period',
    serveUrl(
      () => startMongoLike('shutting-down'),
      (at) => `mongodb://${at}`,
    ),
  ),
  problem(
    'mongodb-tls-required',
    'server-requires-tls',
    'A mongod with TLS required (requireTLS) closes a plain connection',
    serveUrl(
      () => startMongoTlsOnly(labPki().good),
      (at) => `mongodb://${at}`,
      shortTimeout,
    ),
  ),
  // socat's command line names its backend: conn-doctor connects to it, is refused too, and is certain.
  {
    ...problem(
      'forwarder-backend-down',
      'forwarder-backend-down',
      'socat forwards to a port where nothing listens',
      serve(async () => startSocatForwarder(await findClosedPort())),
    ),
    expectedConfidence: 'certain',
    requires: 'socat',
  },
  {
    ...problem(
      'forwarder-backend-down-tcp',
      'forwarder-backend-down',
      'socat forwards to a port where nothing listens, reached as tcp://',
      serve(async () => startSocatForwarder(await findClosedPort()), 'tcp'),
    ),
    expectedConfidence: 'certain',
    requires: 'socat',
  },
  // The symptom leads the tree to its keep-alive watch, which holds a connection idle past the server's 1 s.
  problem(
    'idle-keepalive',
    'idle-keepalive-close',
    'Keep-alive server closes connections idle for 1 s',
    serve(() => startIdleClosingServer({ idleMs: 1000 }), 'http', ['--symptom', 'socket hang up']),
  ),
  // Every 3rd connection is reset after its request: any 9 requests in a row meet 3 resets and 6 answers.
  problem(
    'flaky-server',
    'intermittent-failures',
    'Server resets every 3rd connection',
    serve(() => startFlakyServer({ every: 3 }), 'http', ['--repeat', '9']),
  ),
];
