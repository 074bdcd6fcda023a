import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from './openssl-pki.js';
import { type StartedExim, startExim } from './protocol-servers.js';
import { describeWithProgram, findProgram } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * The built CLI against real Exim 4.96 daemons, each started here on 127.0.0.1 with its own config (a few ms each):
 * a healthy one that also speaks smtps on a second port, one whose connect ACL denies everyone, one that rejects
 * this host at connect (`host_reject_connection`), and one at `smtp_accept_max`. The SMTP handshake reads the
 * greeting and says QUIT; it sends no EHLO, so whether STARTTLS is offered is not looked at.
 */

interface JsonReport {
  verdict: { id: string; evidence: string[]; nextSteps: string[]; confidence: string; summary: string };
  steps: { id: string; outcome: string }[];
}

async function diagnose(target: string, extra: string[] = []) {
  const run = await runCli([target, '--json', ...extra]);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout, stderr: run.stderr };
}

const stepIds = (report: JsonReport) => report.steps.map((step) => `${step.id}:${step.outcome}`);
const evidenceOf = (report: JsonReport) => report.verdict.evidence.join('\n');

const exim = findProgram('exim4', '/usr/sbin/exim4');

describeWithProgram('the CLI against Exim 4.96', exim, 'exim4-daemon-light', (program) => {
  let healthy: StartedExim;
  let denied: StartedExim;
  let rejected: StartedExim;
  let limited: StartedExim;
  const pki = makeTestPki();

  beforeAll(async () => {
    [healthy, denied, rejected, limited] = await Promise.all([
      startExim(program, { tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath } }),
      startExim(program, {
        extra: ['acl_smtp_connect = refuse_all'],
        acl: ['refuse_all:', '  deny message = no SMTP service for you'],
      }),
      startExim(program, { extra: ['host_reject_connection = 127.0.0.1'] }),
      startExim(program, { extra: ['smtp_accept_max = 1'] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([healthy, denied, rejected, limited].map((started) => started?.server.stop()));
    pki.remove();
  });

  it("a healthy server: its 220 greeting, in Exim's own words, healthy, exit 0", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${healthy.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('healthy');
    expect(evidenceOf(report)).toMatch(/SMTP answered 220: "mx\.conn-doctor\.test ESMTP Exim 4\.96 /);
    expect(code).toBe(0);
  });

  it('a user and password in the URL: neither is sent, the password never printed', async () => {
    const { code, report, stdout, stderr } = await diagnose(`smtp://mailer:Hunter2-secret@127.0.0.1:${healthy.port}`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.evidence).toContain('No password was sent');
    expect(`${stdout}${stderr}`).not.toContain('Hunter2-secret');
    expect(code).toBe(0);
  });

  it('a connect ACL that denies: 550 with the ACL message, server-rejects-client', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${denied.port}`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(evidenceOf(report)).toContain('SMTP answered 550: "no SMTP service for you"');
    expect(code).toBe(1);
  });

  it('host_reject_connection: 554 at connect, server-rejects-client', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${rejected.port}`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(evidenceOf(report)).toContain('SMTP answered 554: "SMTP service not available"');
    expect(code).toBe(1);
  });

  it('smtp_accept_max reached while a session is held: 421, server-connection-limit', async () => {
    const held = await holdSession(limited.port);
    try {
      const { code, report } = await diagnose(`smtp://127.0.0.1:${limited.port}`);
      expect(report.verdict.id).toBe('server-connection-limit');
      expect(evidenceOf(report)).toContain('Too many concurrent SMTP connections; please try again later');
      expect(code).toBe(1);
    } finally {
      held.destroy();
    }
  });

  it('smtps:// to the plain port: the TLS handshake meets the 220 greeting, tls-to-plaintext-port', async () => {
    const { code, report } = await diagnose(`smtps://127.0.0.1:${healthy.port}`);
    expect(report.verdict.id).toBe('tls-to-plaintext-port');
    expect(evidenceOf(report)).toContain('220 mx.conn-doctor.test ESMTP Exim');
    expect(report.verdict.nextSteps.join('\n')).toContain(`smtp://127.0.0.1:${healthy.port}`);
    expect(code).toBe(1);
  });

  it('smtps:// to the TLS-on-connect port: the greeting read inside TLS, healthy', async () => {
    const { code, report } = await diagnose(`smtps://127.0.0.1:${healthy.tlsPort}`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toEqual(expect.arrayContaining(['tls.handshake:secure', 'protocol.handshake:ok']));
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
  });

  it('smtp:// to the TLS-on-connect port: no greeting in plain text, the port speaks TLS: server-requires-tls', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${healthy.tlsPort}`, ['--timeout', '1000']);
    expect(report.verdict.id).toBe('server-requires-tls');
    expect(report.verdict.nextSteps.join('\n')).toContain(`smtps://127.0.0.1:${healthy.tlsPort}`);
    expect(code).toBe(1);
  });

  it('a tcp:// target on the server: identified as SMTP by its greeting, then the same handshake', async () => {
    const { code, report } = await diagnose(`tcp://127.0.0.1:${healthy.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
  });
});

/**
 * A session Exim counts: it sent its 220 greeting, and this client says nothing more. A 421 means a session before
 * (the harness's readiness check) is still counted until its child process has gone: try again, bounded.
 */
async function holdSession(port: number): Promise<net.Socket> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { socket, greeting } = await new Promise<{ socket: net.Socket; greeting: string }>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('data', (chunk: Buffer) => resolve({ socket, greeting: chunk.toString('latin1') }));
      socket.once('error', reject);
    });
    if (greeting.startsWith('220')) return socket;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('Exim kept answering 421 to the session to hold');
}
