import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerProvider, Question } from './events.js';
import { parseTarget } from './parse-target.js';
import { runDiagnosis } from './run-diagnosis.js';

// The questions the tree asks where probes cannot know, answered as a user would, on real loopback servers.
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: (socket: net.Socket) => void): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    handler(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

const okHttp = (socket: net.Socket) =>
  socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));

async function closedPort(): Promise<number> {
  const { server, port } = await listen(() => {});
  await new Promise<void>((r) => server.close(() => r()));
  servers.pop();
  return port;
}

/** Answers from a script; records every question asked. */
function scripted(answers: Record<string, string>): AnswerProvider & { asked: Question[] } {
  const asked: Question[] = [];
  const provider = async (question: Question) => {
    asked.push(question);
    const value = answers[question.id];
    return value === undefined ? { value: question.defaultValue, defaulted: true } : { value, defaulted: false };
  };
  return Object.assign(provider, { asked });
}

async function diagnose(input: string, answer: AnswerProvider, symptom: string | null = null) {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return runDiagnosis({ target: parsed.target, credentials: null, symptom, timeoutMs: 1000, dnsServer: null, answer });
}

describe('guided questions after a refused connection', () => {
  it('asks where the server runs and stops there by default', async () => {
    const answer = scripted({});
    const session = await diagnose(`127.0.0.1:${await closedPort()}`, answer);
    expect(answer.asked.map((q) => q.id)).toEqual(['server.location']);
    expect(session.verdict.id).toBe('no-listener');
    expect(session.answers).toEqual([
      expect.objectContaining({ id: 'server.location', value: 'unknown', defaulted: true }),
    ]);
  });

  it('explains an unpublished container port', async () => {
    const port = await closedPort();
    const session = await diagnose(`127.0.0.1:${port}`, scripted({ 'server.location': 'container' }));
    expect(session.verdict.id).toBe('no-listener');
    expect(session.verdict.title).toContain('not published');
    expect(session.verdict.nextSteps.join('\n')).toContain(`docker run -p ${port}:${port}`);
  });

  it('walks to the server, gives the command for its OS, and names a loopback-only bind', async () => {
    const port = await closedPort();
    const answer = scripted({
      'server.location': 'other-host',
      'server.access': 'yes',
      'server.os': 'win32',
      'server.listeners': 'loopback-only',
    });
    const session = await diagnose(`127.0.0.1:${port}`, answer);
    expect(answer.asked.map((q) => q.id)).toEqual([
      'server.location',
      'server.access',
      'server.os',
      'server.listeners',
    ]);
    expect(answer.asked[3]?.detail).toBe(
      `Get-NetTCPConnection -State Listen -LocalPort ${port} | Select-Object LocalAddress,OwningProcess`,
    );
    expect(session.verdict.id).toBe('listener-bound-elsewhere');
    expect(session.verdict.evidence).toContain(
      'on the server, the service listens on 127.0.0.1 or ::1 only (your reading)',
    );
  });

  it('blames a rejecting firewall when the server listens on every address', async () => {
    const answer = scripted({
      'server.location': 'other-host',
      'server.access': 'yes',
      'server.listeners': 'all-addresses',
    });
    const session = await diagnose(`127.0.0.1:${await closedPort()}`, answer);
    expect(session.verdict).toMatchObject({ id: 'port-filtered', title: expect.stringContaining('firewall rejects') });
  });
});

describe('intermittent failures', () => {
  it('asks how often it fails when everything works, and repeats the connect when only sometimes', async () => {
    const { port } = await listen(okHttp);
    const answer = scripted({ 'failure.frequency': 'sometimes' });
    const session = await diagnose(`http://127.0.0.1:${port}/`, answer);
    expect(answer.asked.map((q) => q.id)).toEqual(['failure.frequency']);
    expect(session.steps.map((s) => s.id)).toEqual(['dns.lookup', 'tcp.connect', 'http.request', 'http.repeat']);
    expect(session.verdict.id).toBe('healthy');
    expect(session.verdict.evidence).toContain('repeated requests: all 10 answered');
  });

  it('goes straight to repeated connects for an intermittent symptom, and catches a flapping server', async () => {
    let accepted = 0;
    const { server, port } = await listen((socket) => {
      accepted++;
      // The service "crashes" after a few connections: later connects are refused.
      if (accepted === 3) server.close();
      okHttp(socket);
    });
    const answer = scripted({});
    const session = await diagnose(`http://127.0.0.1:${port}/`, answer, 'it works sometimes, randomly fails');
    expect(answer.asked).toEqual([]);
    expect(session.steps.at(-1)?.id).toBe('http.repeat');
    expect(session.verdict.id).toBe('intermittent-failures');
    expect(session.verdict.evidence.join('\n')).toMatch(/repeated requests: 1 of 10 answered/);
  });
});

describe('the frequency question when everything answers', () => {
  it('watches an idle keep-alive connection when the user says reused connections fail', async () => {
    // Given an HTTP server that keeps connections open and closes idle ones after 300 ms
    const { port } = await listen((socket) => {
      let idle: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => socket.end(), 300);
      };
      arm();
      socket.on('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n');
        arm();
      });
      socket.on('close', () => clearTimeout(idle));
    });
    // When the user answers "reused connections get reset"
    const answer = scripted({ 'failure.frequency': 'reused-resets' });
    const session = await diagnose(`http://127.0.0.1:${port}/`, answer);
    // Then the keep-alive check runs and names the idle close
    expect(answer.asked.map((q) => q.id)).toEqual(['failure.frequency']);
    expect(session.steps.map((s) => s.id)).toContain('http.keepalive');
    expect(session.verdict.id).toBe('idle-keepalive-close');
  });

  it('repeats the connects for a tcp:// target, which has no keep-alive check', async () => {
    // Given an SSH-like server: it sends its banner and closes, so every probe of it ends. It reads what it is sent,
    // as sshd does (identification's hellos may reach it), so that its side of each connection closes too.
    const { port } = await listen((socket) => socket.resume().end('SSH-2.0-OpenSSH_9.2\r\n'));
    const answer = scripted({ 'failure.frequency': 'reused-resets' });
    const session = await diagnose(`tcp://127.0.0.1:${port}`, answer);
    expect(session.steps.map((s) => s.id)).toContain('tcp.repeat');
    expect(session.steps.map((s) => s.id)).not.toContain('http.keepalive');
    // An SSH server gets a few connects, not ten: OpenSSH blocks a source after ~15 that never log in.
    const repeat = session.steps.find((s) => s.kind === 'tcp.repeat');
    expect(repeat?.kind === 'tcp.repeat' && repeat.details.attempts.length).toBe(4);
  });
});

describe('an ssh:// server that drops the connection', () => {
  it('is looked at again by its banner alone: no hellos, a few connections in all', async () => {
    // Given a server that closes every connection before any byte, counting them
    let connections = 0;
    const { port } = await listen((socket) => {
      connections++;
      socket.end();
    });
    const session = await diagnose(`ssh://127.0.0.1:${port}`, scripted({}));
    const identify = session.steps.find((s) => s.kind === 'service.identify');
    expect(
      identify?.kind === 'service.identify' && identify.details.kind === 'unknown' && identify.details.tried,
    ).toEqual([{ how: 'banner', outcome: 'closed', reply: null }]);
    expect(session.verdict.id).not.toBe('healthy');
    expect(connections).toBeLessThanOrEqual(5);
  });
});
