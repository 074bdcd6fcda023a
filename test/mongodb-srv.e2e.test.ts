import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDnsNames, startLabDnsServer, type LabDnsServer } from '../src/lab/dns-server.js';
import { ENCODED } from '../src/protocols/mongo-encoded.test-helper.js';
import { runCli } from './run-cli.js';

/**
 * `mongodb+srv://` through the built CLI, with the lab's DNS server on loopback (--dns-server) and, where the SRV
 * record points, a MongoDB-speaking TLS server on 127.0.0.1: the SRV record names the server diagnosed, TLS comes
 * first (the spec's default), and a failed SRV lookup ends in the DNS verdicts with words about SRV.
 */

interface Report {
  target: { host: string; port: number; input: string };
  verdict: { id: string; summary: string; evidence: string[]; nextSteps: string[] };
  steps: { id: string; outcome: string }[];
}

describe('mongodb+srv:// targets', () => {
  let dns: LabDnsServer;
  let server: tls.Server;
  let dir: string;
  let dnsServer: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conn-doctor-srv-'));
    // A self-signed certificate for the name the SRV record names, trusted with --ca.
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=v4.lab.test'],
        ...['-addext', 'subjectAltName=DNS:v4.lab.test', '-addext', 'basicConstraints=critical,CA:TRUE'],
      ],
      { stdio: 'ignore' },
    );
    server = tls.createServer(
      { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) },
      (socket: net.Socket) => {
        socket.on('error', () => {});
        // Whatever hello arrives (request id 1), the standalone's answer.
        socket.once('data', () => socket.end(Buffer.from(ENCODED.standalone, 'hex')));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    dns = await startLabDnsServer({ srvPort: port });
    dnsServer = `${dns.host}:${dns.port}`;
  });

  afterAll(async () => {
    await dns?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const diagnose = async (target: string) => {
    const run = await runCli([target, '--dns-server', dnsServer, '--ca', join(dir, 'cert.pem'), '--json']);
    return { code: run.code, report: JSON.parse(run.stdout) as Report, stdout: run.stdout };
  };

  it('the SRV record names the server: its first target is diagnosed over TLS, the others and TXT listed', async () => {
    const { code, report, stdout } = await diagnose(`mongodb+srv://app:S3cret-pw@${labDnsNames.srv}/shop`);
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
    expect(report.target).toMatchObject({ host: labDnsNames.v4, input: `mongodb+srv://***@${labDnsNames.srv}/shop` });
    expect(report.steps.map((s) => s.id)).toEqual(
      expect.arrayContaining(['dns.lookup', 'tcp.connect', 'tls.handshake', 'protocol.handshake']),
    );
    const evidence = report.verdict.evidence.join('\n');
    expect(evidence).toContain(`_mongodb._tcp.${labDnsNames.srv} SRV via ${dnsServer}`);
    expect(evidence).toContain(`diagnosing the first, ${labDnsNames.v4}:${report.target.port}`);
    expect(evidence).toContain(`${labDnsNames.dual}:${report.target.port}`);
    expect(evidence).toContain('TXT record of the host, options the driver adds: authSource=admin, replicaSet=rs0');
    expect(stdout).not.toContain('S3cret-pw');
  });

  it('no such name: dns-no-such-host, saying the SRV record was looked for', async () => {
    const { code, report } = await diagnose(`mongodb+srv://${labDnsNames.nxdomain}`);
    expect(report.verdict.id).toBe('dns-no-such-host');
    expect(report.verdict.summary).toContain(`SRV record _mongodb._tcp.${labDnsNames.nxdomain}`);
    expect(report.verdict.nextSteps.join('\n')).toContain(`_mongodb._tcp.${labDnsNames.nxdomain} SRV`);
    expect(code).toBe(1);
  });

  it('a name without an SRV record: dns-no-address, titled so', async () => {
    const { report } = await diagnose(`mongodb+srv://${labDnsNames.srvNone}`);
    expect(report.verdict.id).toBe('dns-no-address');
    expect(report.verdict.summary).toContain('no SRV record');
  });
});
