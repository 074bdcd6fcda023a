import { describe, expect, it } from 'vitest';
import type { BackendCheck } from '../probes/backend-check.js';
import type { HttpResult } from '../probes/http-result.js';
import type { KnownForwarder } from '../probes/local-listeners/known-forwarders.js';
import type { LocalListenersResult } from '../probes/local-listeners/listener.js';
import type { IdentifyAttempt, ServiceIdentity } from '../probes/service-identity.js';
import type { Facts } from './facts.js';
import { attempt, factsFor, walk } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

// Forwarders and drops on a local port: the same facts end in the same verdict whatever the scheme, a dead backend
// is named only with evidence, and a port that was only ever silent or hung up on is never called healthy, certain.

const port = 8080;
const marks = { connectedAt: 0.4, secureAt: null, requestWrittenAt: 0.5, firstByteAt: null, doneAt: 2 };

function local(forwarder: KnownForwarder | null): LocalListenersResult {
  const listener = { address: '127.0.0.1', family: 4 as const, port, pid: 4242, process: 'p', forwarder };
  return {
    kind: 'listeners',
    port,
    source: 'proc',
    listeners: [listener],
    hiddenOwners: false,
    complete: true,
    durationMs: 1,
  };
}

const socat: KnownForwarder = {
  kind: 'socat',
  name: 'socat',
  backend: { kind: 'address', host: '127.0.0.1', port: 3000, spec: 'TCP:127.0.0.1:3000' },
};
const sshRemote: KnownForwarder = {
  kind: 'ssh',
  name: 'ssh -L',
  backend: { kind: 'remote', host: 'localhost', port: 5432, via: 'me@db1', spec: '-L 8080:localhost:5432' },
};
const nginx: KnownForwarder = {
  kind: 'reverse-proxy',
  name: 'nginx',
  backend: { kind: 'config', files: ['/srv/nginx.conf'], errorLog: '/srv/error.log' },
};
const haproxy: KnownForwarder = {
  kind: 'reverse-proxy',
  name: 'HAProxy',
  backend: { kind: 'config', files: ['/srv/haproxy.cfg'], errorLog: null },
};

const refusedBackend: BackendCheck = {
  kind: 'failed',
  backend: { host: '127.0.0.1', port: 3000 },
  attempts: [attempt('refused', '127.0.0.1', 3000)],
};
const acceptedBackend: BackendCheck = {
  kind: 'accepted',
  backend: { host: '127.0.0.1', port: 3000 },
  attempts: [attempt('open', '127.0.0.1', 3000)],
};

const closed: HttpResult = { kind: 'closed-without-response', marks };
const reset: HttpResult = { kind: 'reset-before-response', marks };
const silentHttp: HttpResult = { kind: 'no-response', waitedMs: 3000, marks };

function service(...outcomes: IdentifyAttempt['outcome'][]): ServiceIdentity {
  const how: IdentifyAttempt['how'][] = ['banner', 'tls-hello', 'http-hello', 'redis-ping', 'postgres-ssl-request'];
  return { kind: 'unknown', tried: outcomes.map((outcome, i) => ({ how: how[i] ?? 'banner', outcome, reply: null })) };
}

/** Facts for a target on this machine's loopback. */
function on(url: string, over: Partial<Facts> = {}): Facts {
  return factsFor({ url, tcp: [attempt('open', '127.0.0.1', port)], ...over });
}

const verdictOf = (facts: Facts) => {
  const path = walk(facts);
  const id = path.at(-1)!.replace('⇒ ', '') as keyof typeof verdictBuilders;
  return { path, verdict: verdictBuilders[id]!(facts) };
};

describe('a forwarder that drops the connection', () => {
  const targets = ['http://127.0.0.1:8080/', 'tcp://127.0.0.1:8080'];
  const dropped = (url: string) =>
    url.startsWith('http') ? { http: closed } : { service: service('closed', 'closed', 'closed', 'closed', 'closed') };

  it.each(targets)(
    '%s: its named backend refused → forwarder-backend-down, certain, pointing at the backend',
    (url) => {
      const { path, verdict } = verdictOf(on(url, { ...dropped(url), local: local(socat), backend: refusedBackend }));
      expect(path).toContain('backend.connect');
      expect(verdict).toMatchObject({ id: 'forwarder-backend-down', confidence: 'certain' });
      expect(verdict.evidence).toContain(
        'backend 127.0.0.1:3000 refused: nothing listens there (SYN answered by RST in 0.30 ms)',
      );
      expect(verdict.nextSteps.join('\n')).toContain('nc -vz -w 3 127.0.0.1 3000');
    },
  );

  it.each(targets)('%s: a backend on the far side of ssh is not probed, and the verdict stays likely', (url) => {
    const { path, verdict } = verdictOf(on(url, { ...dropped(url), local: local(sshRemote) }));
    expect(path).not.toContain('backend.connect');
    expect(verdict).toMatchObject({ id: 'forwarder-backend-down', confidence: 'likely' });
    expect(verdict.nextSteps[0]).toContain('ssh me@db1 nc -vz localhost 5432');
  });

  it.each(targets)('%s: its backend accepts from here → the drop is not blamed on a dead backend', (url) => {
    const { verdict } = verdictOf(on(url, { ...dropped(url), local: local(socat), backend: acceptedBackend }));
    expect(verdict.id).toBe('closed-without-response');
    expect(verdict.summary).toContain('that backend accepts connections from here');
  });

  it('a reset reached over tcp:// is the same verdict as over http://', () => {
    const overHttp = verdictOf(on('http://127.0.0.1:8080/', { http: reset, local: local(sshRemote) }));
    const overTcp = verdictOf(
      on('tcp://127.0.0.1:8080', { service: service('reset', 'reset', 'reset'), local: local(sshRemote) }),
    );
    expect(overTcp.verdict.id).toBe(overHttp.verdict.id);
  });
});

describe('a reverse proxy that closes without a byte', () => {
  it.each([
    ['nginx', nginx, 'return 444', 'tail -n 20 /srv/error.log'],
    [
      'HAProxy',
      haproxy,
      'termination state SC',
      "grep -nE '^\\s*(frontend|listen|backend|bind|server|default_backend|use_backend)\\b' /srv/haproxy.cfg",
    ],
  ])(
    '%s: closed-without-response, naming it and both readings, never a dead backend',
    (_, forwarder, reading, step) => {
      const { verdict } = verdictOf(
        on('tcp://127.0.0.1:8080', { service: service('closed', 'closed'), local: local(forwarder) }),
      );
      expect(verdict.id).toBe('closed-without-response');
      expect(verdict.title).toMatch(/^(nginx|HAProxy) \(pid 4242\) on port 8080 closed/);
      expect(verdict.summary).toContain('it closes on purpose');
      expect(verdict.summary).toContain('it could not reach its backend');
      expect(verdict.summary).toContain(reading);
      expect(verdict.nextSteps.join('\n')).toContain(step);
    },
  );
});

describe('a tcp:// target never heard', () => {
  it('hung up on by every probe, off this machine: not healthy', () => {
    const facts = factsFor({
      url: 'tcp://192.0.2.10:8080',
      tcp: [attempt('open')],
      service: service('closed', 'reset', 'closed', 'silent'),
    });
    expect(walk(facts).at(-1)).toBe('⇒ closed-without-response');
    const resets = factsFor({
      url: 'tcp://192.0.2.10:8080',
      tcp: [attempt('open')],
      service: service('reset', 'silent', 'reset'),
    });
    expect(walk(resets).at(-1)).toBe('⇒ reset-after-accept');
  });

  it('silent to every probe: healthy, likely, saying what is known', () => {
    const facts = factsFor({
      url: 'tcp://192.0.2.10:8080',
      tcp: [attempt('open')],
      service: service('silent', 'silent', 'silent', 'silent', 'silent'),
    });
    const { verdict } = verdictOf(facts);
    expect(verdict).toMatchObject({ id: 'healthy', confidence: 'likely' });
    expect(verdict.title).toBe('Port 8080 accepts connections; the service there said nothing');
    expect(verdict.summary).toContain('It speaks only when spoken to, in a protocol not tried here, or it is stuck');
    expect(verdict.summary).not.toContain('keeps it open');
  });

  it('silent behind a forwarder whose backend refuses: forwarder-backend-down; behind HAProxy: healthy only possibly', () => {
    const silent = service('silent', 'silent', 'silent', 'silent', 'silent');
    const behindSocat = verdictOf(
      on('tcp://127.0.0.1:8080', { service: silent, local: local(socat), backend: refusedBackend }),
    ).verdict;
    expect(behindSocat).toMatchObject({ id: 'forwarder-backend-down', confidence: 'certain' });
    expect(behindSocat.summary).toContain('It accepted, then held the connection without a word');
    const { verdict } = verdictOf(on('tcp://127.0.0.1:8080', { service: silent, local: local(haproxy) }));
    expect(verdict).toMatchObject({ id: 'healthy', confidence: 'possible' });
    expect(verdict.summary).toContain('HAProxy retries a server that refuses');
  });

  it('an http:// target that HAProxy holds silent: no-response, naming HAProxy and where its backends are', () => {
    const { path, verdict } = verdictOf(on('http://127.0.0.1:8080/', { http: silentHttp, local: local(haproxy) }));
    expect(path).toContain('quiet.owner');
    expect(verdict.id).toBe('no-response');
    expect(verdict.nextSteps[0]).toBe("Check the backends in /srv/haproxy.cfg, and HAProxy's log for this connection");
  });
});
