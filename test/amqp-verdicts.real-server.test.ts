import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAmqpAnswer } from '../src/protocols/amqp-wire.js';
import { makeTestPki } from './openssl-pki.js';
import { type StartedRabbitmq, startRabbitmq } from './protocol-servers.js';
import { describeWithProgram, findProgram } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * The built CLI against a real RabbitMQ 3.10, started once for the file (~4 s) with a plain and a TLS listener on
 * 127.0.0.1. conn-doctor's AMQP handshake sends the 0-9-1 protocol header and reads Connection.Start; it logs in to
 * nothing, so a user and password in the URL are neither sent nor judged, and the report says so.
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

// Not /usr/sbin/rabbitmq-server: that wrapper writes its output to /var/log/rabbitmq.
const rabbitmq = findProgram('/usr/lib/rabbitmq/bin/rabbitmq-server');

describeWithProgram('the CLI against RabbitMQ 3.10', rabbitmq, 'rabbitmq-server', (program) => {
  let broker: StartedRabbitmq;
  let plain: string;
  let secure: string;
  const pki = makeTestPki();

  beforeAll(async () => {
    broker = await startRabbitmq(program, { tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath } });
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

  it('credentials and a vhost that does not exist in the URL: nothing is sent, and the report says so', async () => {
    // The handshake ends at Connection.Start, before any login: it cannot tell a wrong password or a missing vhost,
    // and claims neither. The password never reaches the output.
    const { code, report, stdout, stderr } = await diagnose(`amqp://guest:Hunter2-secret@${plain}/no-such-vhost`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.summary).toContain('No password was tried');
    expect(report.verdict.evidence).toContain('No password was sent');
    expect(`${stdout}${stderr}`).not.toContain('Hunter2-secret');
    expect(code).toBe(0);
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
