import type { LabDnsServer } from './dns-server.js';
import type { LabScenario, LabShared, RunningScenario } from './scenario.js';
import { sshBanner, startBannerServer } from './servers/banner-server.js';
import { startCloseAfterRequest } from './servers/close-after-request.js';
import { startCloseOnAccept } from './servers/close-on-accept.js';
import { findClosedPort } from './servers/closed-port.js';
import { startGarbageServer } from './servers/garbage-server.js';
import { startHttpStatusServer } from './servers/http-status-server.js';
import type { LabServer } from './servers/lab-server.js';
import { startResetAfterRequest } from './servers/reset-after-request.js';
import { startResetOnAccept } from './servers/reset-on-accept.js';
import { startSilentServer } from './servers/silent-server.js';
import { startSingleFamilyListener } from './servers/single-family-listener.js';
import { startSynQueueFull } from './servers/syn-queue-full.js';

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

/** A server on one family only, reached through a name with addresses of both. */
function serveDual(family: 4 | 6) {
  return async ({ dns }: LabShared): Promise<RunningScenario> => {
    const server = await startSingleFamilyListener(family);
    return { target: `http://dual.lab.test:${server.port}/`, args: dnsArgs(dns), stop: server.stop };
  };
}

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

/** Every fault the lab stages, each with the verdict it must produce. */
export const scenarios: readonly LabScenario[] = [
  { id: 'healthy-http', title: 'HTTP answers 200 OK', expectedVerdict: 'healthy', expectedExit: 0, start: status(200) },
  {
    id: 'healthy-tcp',
    title: 'TCP server that accepts and waits',
    expectedVerdict: 'healthy',
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
  problem('ssh-banner', 'unexpected-protocol', 'HTTP sent to an SSH server', serve(() => startBannerServer(sshBanner))),
  problem('garbage-bytes', 'unexpected-protocol', 'Server answers with binary noise', serve(startGarbageServer)),
  problem('dns-nxdomain', 'dns-no-such-host', 'Name does not exist (NXDOMAIN)', lookUp('nxdomain.lab.test')),
  problem('dns-dangling-cname', 'dns-no-such-host', 'CNAME to a missing name', lookUp('dangling.lab.test')),
  problem('dns-nodata', 'dns-no-address', 'Name exists, no address (NODATA)', lookUp('nodata.lab.test')),
  problem('dns-servfail', 'dns-resolver-failure', 'Resolver answers SERVFAIL', lookUp('servfail.lab.test')),
  problem('dns-refused', 'dns-resolver-failure', 'Resolver answers REFUSED', lookUp('refused.lab.test')),
  problem('dns-silent', 'dns-resolver-failure', 'Resolver never answers', lookUp('silent.lab.test', shortTimeout)),
];
