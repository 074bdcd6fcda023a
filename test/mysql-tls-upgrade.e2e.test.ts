import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CLIENT_SSL,
  greetingPayload,
  mysqlPacket,
  PLAIN_CAPABILITIES,
} from '../src/protocols/mysql-greeting.test-helper.js';
import { runCli } from './run-cli.js';

/**
 * A server that greets as MySQL 8 does, offering TLS (CLIENT_SSL), and answers the TLS ClientHello that follows the
 * SSLRequest with a "protocol version" alert, as a MySQL 5.7 built with yaSSL (TLS 1.0 and 1.1 only) does to a
 * current client: the protocol answered, its TLS did not. The built CLI names that, with the password never sent.
 */

const PASSWORD = 'Upgrade-SECRET-pw';
let server: net.Server;
let port: number;

beforeAll(async () => {
  server = net.createServer((socket) => {
    const payload = greetingPayload({
      version: '5.7.44',
      capabilities: PLAIN_CAPABILITIES | CLIENT_SSL,
      plugin: 'mysql_native_password',
    });
    socket.write(mysqlPacket(payload));
    let received = 0;
    socket.on('data', (chunk) => {
      received += chunk.length;
      // The SSLRequest is 36 bytes; what comes after it is the ClientHello: a fatal protocol_version alert.
      if (received > 36) socket.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => {
  server.close();
});

it('a MySQL that offers TLS and fails its handshake: tls-handshake-failure in the protocol’s words, no password sent', async () => {
  const run = await runCli([`mysql://app:${PASSWORD}@127.0.0.1:${port}`, '--json']);
  const report = JSON.parse(run.stdout) as {
    verdict: { id: string; title: string; evidence: string[]; nextSteps: string[] };
  };
  expect(report.verdict.id).toBe('tls-handshake-failure');
  expect(report.verdict.title).toContain('offers TLS, but the TLS handshake failed');
  expect(report.verdict.evidence.join('\n')).toContain('alert protocol version');
  expect(report.verdict.evidence.join('\n')).toContain('No password was sent');
  expect(report.verdict.nextSteps.join('\n')).toContain(`openssl s_client -starttls mysql -connect 127.0.0.1:${port}`);
  expect(run.stdout).not.toContain(PASSWORD);
  expect(run.code).toBe(1);
});
