import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetingPayload, mysqlPacket, PLAIN_CAPABILITIES } from '../src/protocols/mysql-greeting.test-helper.js';
import { everyOutput, type ReportSeen } from './every-output.js';
import { runCli } from './run-cli.js';

/**
 * mysql2 reads a URL's `ssl={…}` as JSON and hands it to Node's TLS: a private key, its passphrase or a PKCS#12
 * bundle can sit in the target's query. They reached the target's `input` and `path`, and so every output. The
 * server here greets as MySQL 8 does without offering TLS, so a URL that asks for TLS ends in the server's lack of
 * it: which also shows the TLS mode is still read from the target once its secrets are hidden.
 */

const PASSWORD = 'Login-SECRET-pw';
const PASSPHRASE = 'S3cretPass';
const KEY_BODY = 'KEYBODYSECRET0123';
const PFX = 'PFXSECRET4567';
const secrets = [PASSWORD, PASSPHRASE, KEY_BODY, PFX];

let server: net.Server;
let port: number;
let dir: string;

beforeAll(async () => {
  server = net.createServer((socket) => {
    // No CLIENT_SSL: a URL that asks for TLS ends in the server's lack of it.
    const payload = greetingPayload({
      version: '8.0.36',
      capabilities: PLAIN_CAPABILITIES,
      plugin: 'caching_sha2_password',
    });
    socket.end(mysqlPacket(payload));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-mysql-ssl-'));
});

afterAll(() => {
  server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The ssl option as typed into the URL, quotes and all. */
const typed = () =>
  `mysql://app:${PASSWORD}@127.0.0.1:${port}/shop?ssl={"passphrase":"${PASSPHRASE}","rejectUnauthorized":false}`;
/** The ssl option percent-encoded, as `encodeURIComponent` writes it: a PEM key and a PKCS#12 bundle. */
const encoded = () =>
  `mysql://127.0.0.1:${port}/shop?charset=utf8mb4&ssl=${encodeURIComponent(
    JSON.stringify({
      key: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`,
      pfx: [{ buf: PFX, passphrase: PASSPHRASE }],
      rejectUnauthorized: false,
    }),
  )}`;

describe('secrets in mysql2’s ssl={…} JSON, through the built CLI', () => {
  it('reach no output of one diagnosis: text, JSON, Markdown, HTML; the TLS mode is read all the same', async () => {
    for (const target of [typed(), encoded()]) {
      const { report, all } = await everyOutput(dir, target);
      // `rejectUnauthorized: false` is TLS required: the server offers none, so that is where the diagnosis ends.
      expect(report.verdict.id).toBe('server-requires-tls');
      expect(report.target.input).toContain('rejectUnauthorized');
      expect(report.target.path).toContain('***');
      for (const output of all) for (const secret of secrets) expect(output).not.toContain(secret);
    }
    const shown = (JSON.parse((await runCli([typed(), '--json'])).stdout) as ReportSeen).target.input;
    expect(shown).toBe(`mysql://***@127.0.0.1:${port}/shop?ssl={"passphrase":"***","rejectUnauthorized":false}`);
  });

  it('reach no sweep row, table or JSON, from arguments or a --targets file, nor a usage error', async () => {
    const list = join(dir, 'targets.txt');
    writeFileSync(list, `${typed()}\n${encoded()}\n`);
    const outputs: string[] = [];
    for (const args of [
      [typed(), encoded()],
      [typed(), encoded(), '--json'],
      ['--targets', list, '--report', join(dir, 'sweep.md')],
      ['--targets', list, '--report', join(dir, 'sweep.html')],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(1);
      outputs.push(run.stdout, run.stderr);
    }
    outputs.push(readFileSync(join(dir, 'sweep.md'), 'utf8'), readFileSync(join(dir, 'sweep.html'), 'utf8'));
    expect(outputs.join('\n')).toContain('"passphrase":"***"');
    // One target only, and a bad port: exit 2 with one line, the targets in it shown without their secrets.
    const usage = await runCli(['--demo', 'unreachable', typed(), encoded()]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected one target');
    const badPort = await runCli([typed().replace(`:${port}/`, ':99999/')]);
    expect(badPort.code).toBe(2);
    outputs.push(usage.stdout, usage.stderr, badPort.stdout, badPort.stderr);
    for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
