import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAmqpAnswer } from '../src/protocols/amqp-wire.js';
import { makeTestPki } from './openssl-pki.js';
import { type StartedRabbitmq, startRabbitmq } from './protocol-servers.js';
import { describeWithProgram, findProgram } from './real-server.js';
import { everyOutput } from './every-output.js';
import { runCli } from './run-cli.js';

/**
 * The built CLI against a real RabbitMQ 3.10, started once for the file (~4 s) with a plain and a TLS listener on
 * 127.0.0.1, with users and vhosts from a definitions file. conn-doctor's AMQP handshake sends the 0-9-1 protocol
 * header and reads Connection.Start; with a user and a password in the URL it logs in (PLAIN), opens the URL's vhost and
 * reads Open-Ok or the broker's Connection.Close; without a password it logs in to nothing, and the report says so.
 */

interface JsonReport {
  verdict: { id: string; title: string; evidence: string[]; nextSteps: string[]; confidence: string; summary: string };
  steps: { id: string; outcome: string }[];
}

async function diagnose(target: string, extra: string[] = []) {
  const run = await runCli([target, '--json', ...extra]);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout, stderr: run.stderr };
}

const stepIds = (report: JsonReport) => report.steps.map((step) => `${step.id}:${step.outcome}`);

const SECRET = 'Hunter2-secret';
const OUTSIDER_SECRET = 'Outsider-Pw-77';

// Not /usr/sbin/rabbitmq-server: that wrapper writes its output to /var/log/rabbitmq.
const rabbitmq = findProgram('/usr/lib/rabbitmq/bin/rabbitmq-server');

describeWithProgram('the CLI against RabbitMQ 3.10', rabbitmq, 'rabbitmq-server', (program) => {
  let broker: StartedRabbitmq;
  let plain: string;
  let secure: string;
  const pki = makeTestPki();

  beforeAll(async () => {
    broker = await startRabbitmq(program, {
      tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
      definitions: {
        users: [
          { name: 'app', password: SECRET },
          { name: 'outsider', password: OUTSIDER_SECRET },
        ],
        vhosts: ['/', 'shop', '/prod', 'full'],
        // `outsider` may use `/` only: it logs in, and the broker refuses it the vhost `shop`.
        permissions: [
          { user: 'app', vhost: '/' },
          { user: 'app', vhost: 'shop' },
          { user: 'app', vhost: '/prod' },
          { user: 'outsider', vhost: '/' },
          { user: 'app', vhost: 'full' },
        ],
        // `full` takes no connection at all: every Connection.Open to it meets the limit.
        vhostLimits: [{ vhost: 'full', maxConnections: 0 }],
      },
    });
    plain = `127.0.0.1:${broker.port}`;
    secure = `127.0.0.1:${broker.tlsPort}`;
  }, 40_000);

  afterAll(async () => {
    await broker?.stop();
    pki.remove();
  }, 20_000);

  it('a healthy broker: Connection.Start read (product, version, mechanisms), healthy, exit 0', async () => {
    const { code, report } = await diagnose(`amqp://${plain}`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    const evidence = report.verdict.evidence.join('\n');
    expect(evidence).toMatch(/RabbitMQ 3\.10\.\d+/);
    expect(evidence).toContain('PLAIN');
    expect(code).toBe(0);
  });

  it('a user without a password: no login, and the report says the credentials were not tested', async () => {
    const { code, report } = await diagnose(`amqp://app@${plain}/no-such-vhost`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.summary).toContain('No password was tried');
    expect(report.verdict.evidence).toContain('No password was sent');
    expect(report.verdict.evidence.join('\n')).toContain('The user "app" from the URL was not sent');
    expect(code).toBe(0);
  });

  it('a vhost that starts with a slash, written after the path’s own (//prod) or escaped (/%2fprod): that vhost', async () => {
    for (const path of ['//prod', '/%2fprod']) {
      const { report } = await diagnose(`amqp://app:${SECRET}@${plain}${path}`);
      expect(report.verdict.id, path).toBe('healthy');
      expect(report.verdict.evidence.join('\n'), path).toContain('vhost "/prod" opened');
    }
  });

  it('the right user and password: logged in, the vhost opened, healthy with the user named', async () => {
    const { code, report } = await diagnose(`amqp://app:${SECRET}@${plain}/shop`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(report.verdict.summary).not.toContain('No password was tried');
    const evidence = report.verdict.evidence.join('\n');
    expect(evidence).toContain('AMQP answered open-ok');
    expect(evidence).toContain('vhost "shop" opened');
    expect(evidence).toContain('Started the session as user "app" from the URL');
    expect(evidence).toContain('The password from the URL was sent, only to test it');
    expect(code).toBe(0);
  });

  it.each([
    ['no path', ''],
    ['an empty path', '/'],
    ['%2f', '/%2f'],
  ])('the default vhost "/" from %s', async (_name, path) => {
    const { code, report } = await diagnose(`amqp://app:${SECRET}@${plain}${path}`);
    expect(report.verdict.evidence.join('\n')).toContain('vhost "/" opened');
    expect(code).toBe(0);
  });

  it('a wrong password: the broker answers Connection.Close 403, authentication-failed', async () => {
    const { code, report } = await diagnose(`amqp://app:not-the-password@${plain}`);
    expect(report.verdict.id).toBe('authentication-failed');
    expect(report.verdict.confidence).toBe('certain');
    const evidence = report.verdict.evidence.join('\n');
    expect(evidence).toContain('AMQP answered close-403: "ACCESS_REFUSED - Login was refused');
    expect(report.verdict.nextSteps.join('\n')).toContain('rabbitmqctl authenticate_user app');
    expect(code).toBe(1);
  });

  it('a vhost that does not exist: Connection.Close 530 "vhost … not found", database-missing in vhost words', async () => {
    const { code, report } = await diagnose(`amqp://app:${SECRET}@${plain}/no-such-vhost`);
    expect(report.verdict.id).toBe('database-missing');
    expect(report.verdict.title).toContain('no virtual host "no-such-vhost"');
    expect(report.verdict.evidence.join('\n')).toContain(
      'AMQP answered close-530: "NOT_ALLOWED - vhost no-such-vhost not found"',
    );
    const steps = report.verdict.nextSteps.join('\n');
    expect(steps).toContain('rabbitmqctl list_vhosts');
    expect(steps).toContain('rabbitmqctl add_vhost no-such-vhost');
    expect(code).toBe(1);
  });

  it('a user without permissions on the vhost: Connection.Close 530 "access … refused", server-rejects-client', async () => {
    const { code, report } = await diagnose(`amqp://outsider:${OUTSIDER_SECRET}@${plain}/shop`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(report.verdict.evidence.join('\n')).toMatch(
      /close-530: "NOT_ALLOWED - access to vhost 'shop' refused for user 'outsider'"/,
    );
    expect(report.verdict.nextSteps.join('\n')).toContain(
      `rabbitmqctl set_permissions -p shop outsider '.*' '.*' '.*'`,
    );
    expect(code).toBe(1);
  });

  it("a vhost at its connection limit: the broker's Connection.Close 530 in its own words, server-connection-limit", async () => {
    const { code, report } = await diagnose(`amqp://app:${SECRET}@${plain}/full`);
    expect(stepIds(report)).toContain('protocol.handshake:server-connection-limit');
    expect(report.verdict.id).toBe('server-connection-limit');
    const evidence = report.verdict.evidence.join('\n');
    expect(evidence).toContain('AMQP answered close-530');
    expect(evidence).toContain("access to vhost 'full' refused for user 'app': connection limit (0) is reached");
    expect(report.verdict.nextSteps.join('\n')).toContain('sudo rabbitmqctl list_vhost_limits -p full');
    expect(code).toBe(1);
  });

  it('the password is in no output: text, JSON, Markdown, HTML, for a login that worked and one refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-amqp-'));
    try {
      for (const [target, secret] of [
        [`amqp://app:${SECRET}@${plain}/shop`, SECRET],
        [`amqp://outsider:${OUTSIDER_SECRET}@${plain}/shop`, OUTSIDER_SECRET],
      ] as const) {
        const { report, all } = await everyOutput(dir, target);
        expect(report.steps.map((s) => s.id)).toContain('protocol.handshake');
        for (const output of all) expect(output).not.toContain(secret);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the broker logs each login as a connection closed politely, never as a client that vanished', async () => {
    // Without a login the handshake can only hang up after Connection.Start (0-9-1 allows no Close before Start-Ok),
    // which RabbitMQ logs as a warning; a login ends with Close / Close-Ok, which it does not.
    const vanished = () => broker.log().match(/client unexpectedly closed TCP connection/g)?.length ?? 0;
    // The broker writes its log file in batches: once a login's close to 'shop' shows, every line before it has too.
    // One such login first, so that the count taken includes the earlier tests' lines; one last, after the others.
    const shopCloses = () => broker.log().match(/closing AMQP connection .*vhost: 'shop', user: 'app'/g)?.length ?? 0;
    const shopLogin = `amqp://app:${SECRET}@${plain}/shop`;
    const barrier = shopCloses() + 1;
    await diagnose(shopLogin);
    await expect.poll(shopCloses).toBeGreaterThanOrEqual(barrier);
    const before = vanished();
    for (const target of [
      `amqp://app:not-the-password@${plain}`,
      `amqp://app:${SECRET}@${plain}/no-such-vhost`,
      shopLogin,
    ]) {
      await diagnose(target);
    }
    await expect.poll(shopCloses).toBeGreaterThanOrEqual(barrier + 1);
    expect(vanished()).toBe(before);
  });

  it('amqps:// to the plain port: the broker answers the ClientHello with its own protocol header', async () => {
    const { code, report } = await diagnose(`amqps://${plain}`);
    expect(report.verdict.id).toBe('tls-to-plaintext-port');
    expect(report.verdict.evidence.join('\n')).toContain('AMQP\\x00\\x00\\t\\x01');
    expect(report.verdict.nextSteps.join('\n')).toContain(`amqp://${plain}`);
    expect(code).toBe(1);
  });

  it('amqps:// to the TLS port: the same handshake inside TLS, healthy', async () => {
    const { code, report } = await diagnose(`amqps://${secure}`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toEqual(expect.arrayContaining(['tls.handshake:secure', 'protocol.handshake:ok']));
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
  });

  it('amqps:// with a user and a password: the login inside TLS, healthy with the vhost named', async () => {
    const { code, report } = await diagnose(`amqps://app:${SECRET}@${secure}/shop`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toEqual(expect.arrayContaining(['tls.handshake:secure', 'protocol.handshake:ok']));
    expect(report.verdict.evidence.join('\n')).toContain('vhost "shop" opened');
    expect(code).toBe(0);
  });

  it('amqp:// to the TLS port: its TLS layer answers our plain header with an alert, so server-requires-tls', async () => {
    const { code, report } = await diagnose(`amqp://${secure}`);
    expect(stepIds(report)).toContain('protocol.handshake:not-this-protocol');
    expect(report.verdict.id).toBe('server-requires-tls');
    expect(report.verdict.evidence.join('\n')).toMatch(/What came back instead: .*hex 15 03/);
    expect(report.verdict.nextSteps.join('\n')).toContain(`amqps://${secure}`);
    expect(code).toBe(1);
  });

  it('a tcp:// target on the broker: identified as AMQP, then the same handshake', async () => {
    const { code, report } = await diagnose(`tcp://${plain}`);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(code).toBe(0);
  });

  it('another protocol version: the broker answers with the header it speaks, as the wire reader expects', async () => {
    // Our handshake always offers 0-9-1, which RabbitMQ speaks: the mismatch is provoked here by offering AMQP 1.0's
    // header on a raw socket, and the broker's own answer is read by the same reader the handshake uses.
    const answer = await exchange(broker.port, Buffer.from('AMQP\x00\x01\x00\x00', 'latin1'));
    expect(readAmqpAnswer(answer)).toEqual({ kind: 'protocol-header', version: '0-0-9-1' });
  });
});

/**
 * Writes `bytes` and collects what comes back until the broker ends the connection (bounded: 3 s, 64 KiB). RabbitMQ
 * sends its header and then resets the connection: a reset ends the collection like a close does.
 */
function exchange(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 64 * 1024) done();
    });
    socket.once('end', done);
    socket.once('error', done);
  });
}
