import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from './openssl-pki.js';
import { type StartedExim, startExim } from './protocol-servers.js';
import { describeWithProgram, findProgram } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * The built CLI against real Exim 4.96 daemons, each started here on 127.0.0.1 with its own config (a few ms each):
 * a healthy one with a certificate the test makes (STARTTLS offered on its plain port, smtps on a second port, AUTH
 * only inside TLS), one that offers no STARTTLS, one whose connect ACL denies everyone, one whose HELO ACL does,
 * one that rejects this host at connect (`host_reject_connection`), one at `smtp_accept_max`, and one on the
 * submission port 587 without STARTTLS, on an address of 127.0.0.0/8 of its own. The SMTP handshake reads the
 * greeting, asks EHLO, takes STARTTLS where offered, and says QUIT: no AUTH, no MAIL.
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
const evidenceOf = (report: JsonReport) => report.verdict.evidence.join('\n');

const exim = findProgram('exim4', '/usr/sbin/exim4');

describeWithProgram('the CLI against Exim 4.96', exim, 'exim4-daemon-light', (program) => {
  let healthy: StartedExim;
  let plain: StartedExim;
  let denied: StartedExim;
  let heloDenied: StartedExim;
  let rejected: StartedExim;
  let limited: StartedExim;
  let submission: StartedExim;
  let tlsUnavailable: StartedExim;
  let tlsOldOnly: StartedExim;
  let wrongName: StartedExim;
  let expired: StartedExim;
  let startTlsDenied: StartedExim;
  const pki = makeTestPki();
  // An address of its own for port 587, so that no other listener (or test) on 587 is met.
  const submissionHost = `127.58.${1 + (process.pid % 250)}.${1 + Math.floor(Math.random() * 250)}`;

  beforeAll(async () => {
    const noStartTls = 'tls_advertise_hosts =';
    [
      healthy,
      plain,
      denied,
      heloDenied,
      rejected,
      limited,
      submission,
      tlsUnavailable,
      tlsOldOnly,
      wrongName,
      expired,
      startTlsDenied,
    ] = await Promise.all([
      startExim(program, {
        tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
        // AUTH offered only inside TLS, as a submission server should be; no login is ever tried.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Exim expansion, not JavaScript
        extra: ['auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}'],
        authenticators: ['plain:', '  driver = plaintext', '  public_name = PLAIN', '  server_condition = no'],
      }),
      startExim(program, { extra: [noStartTls] }),
      startExim(program, {
        extra: ['acl_smtp_connect = refuse_all'],
        acl: ['refuse_all:', '  deny message = no SMTP service for you'],
      }),
      startExim(program, {
        extra: [noStartTls, 'acl_smtp_helo = check_helo'],
        acl: ['check_helo:', '  deny message = HELO/EHLO refused for $sender_host_address by policy'],
      }),
      startExim(program, { extra: ['host_reject_connection = 127.0.0.1'] }),
      startExim(program, { extra: ['smtp_accept_max = 1'] }),
      startExim(program, { extra: [noStartTls], listen: { host: submissionHost, port: 587 } }),
      // STARTTLS offered with a certificate file that does not exist: Exim reads it per session, fails, and answers
      // STARTTLS with 454 (its log: "TLS error … cert/key setup … Error while reading file").
      startExim(program, {
        extra: [
          'tls_advertise_hosts = *',
          `tls_certificate = ${pki.dir}/no-such-cert.pem`,
          `tls_privatekey = ${pki.dir}/no-such-key.pem`,
        ],
      }),
      // STARTTLS with a good certificate, but only TLS 1.0 (a GnuTLS priority string): Exim answers 220, and the
      // handshake then fails, as Node (TLS 1.2 at the least) refuses the version.
      startExim(program, {
        starttls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
        extra: ['tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.0'],
      }),
      // STARTTLS with a certificate from the test's CA for other.test only.
      startExim(program, { starttls: { certPath: pki.wrongName.certPath, keyPath: pki.wrongName.keyPath } }),
      // STARTTLS with a certificate from the test's CA that ended in January 2020.
      startExim(program, { starttls: { certPath: pki.expired.certPath, keyPath: pki.expired.keyPath } }),
      // STARTTLS offered with a good certificate, then denied by the STARTTLS ACL: Exim answers 550 "Administrative
      // prohibition" (measured), a rule, not trouble with its certificate.
      startExim(program, {
        starttls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
        extra: ['acl_smtp_starttls = no_tls'],
        acl: ['no_tls:', '  deny'],
      }),
    ]);
  });

  afterAll(async () => {
    const started = [
      ...[healthy, plain, denied, heloDenied, rejected, limited, submission, tlsUnavailable, tlsOldOnly, wrongName],
      ...[expired, startTlsDenied],
    ];
    await Promise.all(started.map((exim) => exim?.server.stop()));
    pki.remove();
  });

  it("a healthy server: 250 to EHLO, the greeting and extensions in Exim's own words, STARTTLS taken and its certificate trusted through --ca, AUTH only inside TLS: healthy, certain, exit 0", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${healthy.port}`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(report.verdict.summary).not.toContain('not verified');
    expect(report.verdict.summary).toContain('STARTTLS completes with a trusted certificate for 127.0.0.1');
    const evidence = evidenceOf(report);
    expect(evidence).toContain('certificate: CN=localhost, issued by CN=conn-doctor test CA');
    expect(evidence).toContain('the certificate is trusted and names 127.0.0.1');
    expect(evidence).toContain(
      'The target is an IP address: no server name was sent (SNI), and the certificate was checked against the address 127.0.0.1',
    );
    expect(evidence).toMatch(/SMTP answered 250 to EHLO: "mx\.conn-doctor\.test Hello \[127\.0\.0\.1\]/);
    expect(evidence).toMatch(/The greeting was 220: "mx\.conn-doctor\.test ESMTP Exim 4\.96 /);
    expect(evidence).toMatch(/Extensions offered: SIZE 52428800, .*STARTTLS/);
    expect(evidence).toContain('STARTTLS is offered, and was taken: the TLS handshake completed');
    expect(evidence).toContain('AUTH (PLAIN) is offered only inside TLS');
    expect(evidence).toContain('No AUTH and no MAIL were sent');
    expect(code).toBe(0);
  });

  it('by name (localhost) with --ca: the certificate checked against that name, sent as SNI, healthy and certain', async () => {
    const { code, report } = await diagnose(`smtp://localhost:${healthy.port}`, ['--ca', pki.ca.certPath]);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(evidenceOf(report)).toContain('the certificate is trusted and names localhost');
    expect(evidenceOf(report)).not.toContain('The target is an IP address');
    expect(code).toBe(0);
  });

  it("STARTTLS whose certificate this machine does not trust (the test's CA not given): tls-certificate-untrusted, with Node's reason and the -starttls smtp command", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${healthy.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('tls-certificate-untrusted');
    expect(report.verdict.confidence).toBe('certain');
    expect(report.verdict.summary).toContain('The SMTP server offered STARTTLS and agreed to it');
    // Exim sends the leaf alone, issued by a CA this machine does not know: OpenSSL's code for that.
    expect(report.verdict.summary).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(report.verdict.evidence).toContain('chain verification: UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(report.verdict.summary).toContain(
      "The certificate's issuer (CN=conn-doctor test CA) was neither sent in a chain that links it to a trusted root nor is it trusted on this machine",
    );
    const steps = report.verdict.nextSteps.join('\n');
    expect(steps).toContain('tls_certificate = /etc/exim4/fullchain.pem');
    expect(steps).toContain('smtpd_tls_chain_files');
    expect(steps).not.toContain('nginx');
    expect(steps).toContain(`openssl s_client -starttls smtp -connect 127.0.0.1:${healthy.port} -showcerts`);
    expect(steps).toContain(`conn-doctor smtp://127.0.0.1:${healthy.port}/ --ca ca.pem`);
    expect(code).toBe(1);
  });

  it('STARTTLS with a trusted certificate for another name: tls-hostname-mismatch, never healthy', async () => {
    const { code, report } = await diagnose(`smtp://localhost:${wrongName.port}`, ['--ca', pki.ca.certPath]);
    expect(report.verdict.id).toBe('tls-hostname-mismatch');
    expect(report.verdict.title).toBe('The certificate is not issued for localhost');
    expect(evidenceOf(report)).toContain(
      "name check for localhost: Host: localhost. is not in the cert's altnames: DNS:other.test",
    );
    expect(report.verdict.nextSteps.join('\n')).toContain(
      `openssl s_client -starttls smtp -connect localhost:${wrongName.port} -servername localhost`,
    );
    expect(code).toBe(1);
  });

  it('STARTTLS with an expired certificate from a CA given with --ca: tls-certificate-expired, with the mail-client words, never healthy', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${expired.port}`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('tls-certificate-expired');
    expect(report.verdict.title).toBe('The certificate has expired');
    expect(report.verdict.summary).toContain('The SMTP server offered STARTTLS and agreed to it');
    expect(report.verdict.summary).toContain('it ended on 2020-02-01');
    expect(report.verdict.summary).toContain('nodemailer does by default');
    expect(report.verdict.evidence).toContain('chain verification: CERT_HAS_EXPIRED');
    expect(report.verdict.nextSteps.join('\n')).toContain(
      `openssl s_client -starttls smtp -connect 127.0.0.1:${expired.port} -showcerts`,
    );
    expect(code).toBe(1);
  });

  it("STARTTLS denied by Exim's acl_smtp_starttls (550): server-error in the words of a rule, never the certificate story of a 454", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${startTlsDenied.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:server-error');
    expect(report.verdict.id).toBe('server-error');
    expect(report.verdict.title).toBe(
      `SMTP at 127.0.0.1:${startTlsDenied.port} offers STARTTLS, then refuses it to this client (550)`,
    );
    expect(report.verdict.summary).toContain('answered 550 ("Administrative prohibition")');
    expect(evidenceOf(report)).toContain('SMTP answered 550 to STARTTLS: "Administrative prohibition"');
    const words = [report.verdict.summary, ...report.verdict.nextSteps].join('\n');
    expect(words).toContain('acl_smtp_starttls');
    expect(words).toContain('sudo exim -bh 127.0.0.1');
    expect(words).not.toMatch(/certificate|tls_privatekey/);
    expect(code).toBe(1);
  });

  it('a healthy server that offers no STARTTLS, on port 25-style use: healthy and certain, and the evidence says so', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${plain.port}`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(evidenceOf(report)).toContain('STARTTLS is not offered');
    expect(evidenceOf(report)).not.toContain('STARTTLS is offered');
    expect(code).toBe(0);
  });

  it('the submission port 587 without STARTTLS: healthy, but likely, with what a STARTTLS client meets and the Exim and Postfix lines', async () => {
    const { code, report } = await diagnose(`smtp://${submissionHost}:587`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('likely');
    expect(report.verdict.summary).toContain('this server does not offer STARTTLS');
    const steps = report.verdict.nextSteps.join('\n');
    expect(steps).toContain('tls_certificate');
    expect(steps).toContain('smtpd_tls_security_level=encrypt');
    expect(steps).toContain(`openssl s_client -starttls smtp -connect ${submissionHost}:587`);
    expect(code).toBe(0);
  });

  it('the submission port 587 with ?ignoreTLS=true in the URL: the client asks for no STARTTLS, so no such reading', async () => {
    const { report } = await diagnose(`smtp://${submissionHost}:587/?ignoreTLS=true`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.confidence).toBe('certain');
    expect(report.verdict.summary).not.toContain('STARTTLS');
  });

  it("a HELO ACL that denies: 550 to EHLO in the ACL's words, server-rejects-client (likely), acl_smtp_helo and smtpd_helo_restrictions named", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${heloDenied.port}`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(report.verdict.confidence).toBe('likely');
    expect(evidenceOf(report)).toContain('SMTP answered 550 to EHLO: "HELO/EHLO refused for 127.0.0.1 by policy"');
    expect(evidenceOf(report)).toMatch(/The greeting was 220: "mx\.conn-doctor\.test ESMTP Exim/);
    const steps = report.verdict.nextSteps.join('\n');
    expect(steps).toContain('acl_smtp_helo');
    expect(steps).toContain('smtpd_helo_restrictions');
    expect(steps).toContain('EHLO [127.0.0.1]');
    expect(code).toBe(1);
  });

  it('a user and password in the URL: neither is sent, the password never printed', async () => {
    const { code, report, stdout, stderr } = await diagnose(`smtp://mailer:Hunter2-secret@127.0.0.1:${healthy.port}`, [
      '--ca',
      pki.ca.certPath,
    ]);
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

  it("STARTTLS answered 454 (a certificate Exim cannot read): never healthy, Exim's own 454 line as evidence", async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${tlsUnavailable.port}`);
    expect(report.verdict.id).toBe('server-error');
    expect(report.verdict.title).toBe(
      `SMTP at 127.0.0.1:${tlsUnavailable.port} offers STARTTLS, then refuses it (454)`,
    );
    expect(report.verdict.summary).toContain('answered 454 ("TLS currently unavailable")');
    expect(report.verdict.nextSteps.join('\n')).toContain('sudo exim -bP tls_certificate tls_privatekey');
    expect(report.verdict.confidence).toBe('likely');
    expect(stepIds(report)).toContain('protocol.handshake:server-error');
    const evidence = evidenceOf(report);
    expect(evidence).toContain('SMTP answered 454 to STARTTLS: "TLS currently unavailable"');
    expect(evidence).toContain('STARTTLS is offered, but it was refused when asked: 454 "TLS currently unavailable"');
    expect(code).toBe(1);
  });

  it('STARTTLS agreed (220), then a TLS handshake Node refuses (Exim limited to TLS 1.0): tls-handshake-failure, never healthy', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${tlsOldOnly.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:tls-failed');
    expect(report.verdict.id).toBe('tls-handshake-failure');
    expect(report.verdict.confidence).toBe('likely');
    expect(report.verdict.title).toContain('STARTTLS');
    expect(evidenceOf(report)).toContain(
      'STARTTLS is offered, and the server agreed to it (220), but the TLS handshake then failed',
    );
    expect(report.verdict.evidence).toContain(
      'The TLS handshake after STARTTLS failed: ERR_SSL_UNSUPPORTED_PROTOCOL: unsupported protocol',
    );
    expect(report.verdict.nextSteps[0]).toContain(
      `openssl s_client -starttls smtp -connect 127.0.0.1:${tlsOldOnly.port}`,
    );
    expect(code).toBe(1);
  });

  it('smtps:// to the plain port: the TLS handshake meets the 220 greeting, tls-to-plaintext-port', async () => {
    const { code, report } = await diagnose(`smtps://127.0.0.1:${healthy.port}`);
    expect(report.verdict.id).toBe('tls-to-plaintext-port');
    expect(evidenceOf(report)).toContain('220 mx.conn-doctor.test ESMTP Exim');
    expect(report.verdict.nextSteps.join('\n')).toContain(`smtp://127.0.0.1:${healthy.port}`);
    expect(code).toBe(1);
  });

  it('smtps:// to the TLS-on-connect port: the greeting and EHLO read inside TLS, AUTH there, no STARTTLS asked, healthy', async () => {
    const { code, report } = await diagnose(`smtps://127.0.0.1:${healthy.tlsPort}`, ['--ca', pki.ca.certPath]);
    expect(stepIds(report)).toEqual(expect.arrayContaining(['tls.handshake:secure', 'protocol.handshake:ok']));
    expect(report.verdict.id).toBe('healthy');
    expect(evidenceOf(report)).toMatch(/Extensions offered: .*AUTH PLAIN/);
    expect(evidenceOf(report)).not.toContain('STARTTLS');
    expect(code).toBe(0);
  });

  it('smtp:// to the TLS-on-connect port: no greeting in plain text, the port speaks TLS: server-requires-tls', async () => {
    const { code, report } = await diagnose(`smtp://127.0.0.1:${healthy.tlsPort}`, ['--timeout', '1000']);
    expect(report.verdict.id).toBe('server-requires-tls');
    expect(report.verdict.nextSteps.join('\n')).toContain(`smtps://127.0.0.1:${healthy.tlsPort}`);
    expect(code).toBe(1);
  });

  it("a tcp:// target on the server without --ca: the same STARTTLS and the same certificate check, so this machine's distrust of the test's CA ends in tls-certificate-untrusted, exit 1", async () => {
    // Intended: the handshake takes STARTTLS as nodemailer does, and verifies the certificate as it does by default.
    const { code, report } = await diagnose(`tcp://127.0.0.1:${healthy.port}`);
    expect(stepIds(report)).toContain('protocol.handshake:ok');
    expect(report.verdict.id).toBe('tls-certificate-untrusted');
    expect(report.verdict.summary).toContain('The SMTP server offered STARTTLS and agreed to it');
    expect(report.verdict.evidence).toContain('chain verification: UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(code).toBe(1);
  });

  it('a tcp:// target on the server: identified as SMTP by its greeting, then the same handshake', async () => {
    const { code, report } = await diagnose(`tcp://127.0.0.1:${healthy.port}`, ['--ca', pki.ca.certPath]);
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
