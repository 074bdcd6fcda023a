import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import { type StartedExim, startExim } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from '../../test/real-server.js';
import type { SocketFactory } from '../probes/budgeted-socket.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { protocolCheck } from './protocol-check.js';
import { smtpHandshake } from './smtp-handshake.js';

const exim = findProgram('exim4', '/usr/sbin/exim4');
const budget = { timeoutMs: 3000 };

/**
 * One Exim for the file, with its own config, spool and log in a temp dir: a two-line greeting, at most one
 * session at a time (`smtp_accept_max = 1`), a connect ACL that denies 127.0.0.2 and a HELO ACL that denies
 * 127.0.0.3 (loopback too), no STARTTLS. A second Exim offers STARTTLS with a certificate the test makes, and
 * advertises AUTH only inside TLS, as submission servers are told to.
 */
describeWithProgram('smtpHandshake against Exim 4.96', exim, 'exim4-daemon-light', (program) => {
  let server: RealServer;
  let endpoint: TcpEndpoint;
  let secure: StartedExim;
  let refusesInsideTls: StartedExim;
  const pki = makeTestPki();

  beforeAll(async () => {
    const started = await startExim(program, {
      extra: [
        'smtp_banner = $primary_hostname ESMTP Exim\\nconn-doctor test server',
        'smtp_accept_max = 1',
        'tls_advertise_hosts =',
        'acl_smtp_connect = check_connect',
        'acl_smtp_helo = check_helo',
      ],
      acl: [
        'check_connect:',
        '  deny hosts = 127.0.0.2',
        '       message = no SMTP service for you',
        '  accept',
        'check_helo:',
        '  deny hosts = 127.0.0.3',
        '       message = HELO/EHLO refused for $sender_host_address by policy',
        '  accept',
      ],
    });
    server = started.server;
    endpoint = { address: '127.0.0.1', family: 4, port: started.port };
    secure = await startExim(program, {
      starttls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
      // AUTH only where TLS is on: Exim's expansion syntax, which happens to look like a template string.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Exim expansion, not JavaScript
      extra: ['auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}'],
      authenticators: ['plain:', '  driver = plaintext', '  public_name = PLAIN', '  server_condition = no'],
    });
    refusesInsideTls = await startExim(program, {
      starttls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
      extra: ['acl_smtp_helo = check_helo'],
      acl: [
        'check_helo:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Exim expansion, not JavaScript
        '  deny condition = ${if def:tls_in_cipher}',
        '       message = no EHLO over TLS here',
        '  accept',
      ],
    });
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), secure?.server.stop(), refusesInsideTls?.server.stop()]);
    pki.remove();
  });

  it('healthy: a two-line 220 greeting, 250 to EHLO with the extensions, then QUIT', async () => {
    const result = await untilFree(endpoint);
    expect(result).toMatchObject({
      kind: 'hello',
      greeting: { code: 220, lines: ['mx.conn-doctor.test ESMTP Exim', 'conn-doctor test server'] },
      verb: 'EHLO',
      name: '[127.0.0.1]',
      code: 250,
      reason: 'ok',
      ehloUnknown: null,
      startTls: null,
    });
    expect(result.kind === 'hello' && result.lines[0]).toMatch(/^mx\.conn-doctor\.test Hello \[127\.0\.0\.1\]/);
    const keywords = result.kind === 'hello' ? result.extensions.map((e) => e.keyword) : [];
    expect(keywords).toEqual(expect.arrayContaining(['SIZE', 'PIPELINING', '8BITMIME']));
    expect(keywords).not.toContain('STARTTLS');
  });

  it('a client the connect ACL denies: 550 to the greeting, no EHLO', async () => {
    const from127002: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.2' });
    expect(await untilFree(endpoint, { connect: from127002 })).toMatchObject({
      kind: 'greeting',
      code: 550,
      reason: 'server-rejects-client',
    });
  });

  it("a client the HELO ACL denies: 550 to EHLO, in the ACL's words, with the address literal it was given", async () => {
    const from127003: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.3' });
    expect(await untilFree(endpoint, { connect: from127003 })).toMatchObject({
      kind: 'hello',
      greeting: { code: 220 },
      verb: 'EHLO',
      name: '[127.0.0.3]',
      code: 550,
      lines: ['HELO/EHLO refused for 127.0.0.3 by policy'],
      reason: 'server-rejects-client',
      extensions: [],
    });
  });

  it('smtp_accept_max reached: 421 too many concurrent connections', async () => {
    const held = await holdSession(endpoint);
    try {
      expect(await smtpHandshake(endpoint, budget)).toMatchObject({
        kind: 'greeting',
        code: 421,
        lines: ['Too many concurrent SMTP connections; please try again later.'],
        reason: 'server-connection-limit',
      });
    } finally {
      held.destroy();
    }
  });

  it('STARTTLS offered: taken, and EHLO asked again inside TLS, where AUTH appears and STARTTLS is gone', async () => {
    const at: TcpEndpoint = { address: '127.0.0.1', family: 4, port: secure.port };
    const result = await smtpHandshake(at, budget);
    expect(result).toMatchObject({ kind: 'hello', code: 250, reason: 'ok', startTls: { kind: 'upgraded' } });
    if (result.kind !== 'hello' || result.startTls?.kind !== 'upgraded') throw new Error(result.kind);
    expect(result.extensions.map((e) => e.keyword)).toContain('STARTTLS');
    expect(result.extensions.map((e) => e.keyword)).not.toContain('AUTH');
    expect(result.startTls.ehlo.code).toBe(250);
    expect(result.startTls.extensions).toEqual(expect.arrayContaining([{ keyword: 'AUTH', params: ['PLAIN'] }]));
    expect(result.startTls.extensions.map((e) => e.keyword)).not.toContain('STARTTLS');
  });

  it('STARTTLS with a trust list: the certificate judged as the TLS probe judges it (chain, then the name or the address); without one, not judged', async () => {
    const at: TcpEndpoint = { address: '127.0.0.1', family: 4, port: secure.port };
    const judged = async (options: Parameters<typeof smtpHandshake>[2]) => {
      const result = await smtpHandshake(at, budget, options);
      if (result.kind !== 'hello' || result.startTls?.kind !== 'upgraded') throw new Error(result.kind);
      return result.startTls.session;
    };
    expect(await judged({})).toBeNull();
    const trusted = await judged({ trust: async () => [pki.ca.cert] });
    expect(trusted?.verification).toEqual({ chainError: null, checkedName: '127.0.0.1', hostnameError: null });
    expect(trusted?.chain[0]?.subject).toBe('CN=localhost');
    const byName = await judged({ trust: async () => [pki.ca.cert], servername: 'localhost' });
    expect(byName?.verification).toMatchObject({ chainError: null, checkedName: 'localhost', hostnameError: null });
    const otherName = await judged({ trust: async () => [pki.ca.cert], servername: 'mx.example' });
    expect(otherName?.verification.hostnameError?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    // A trust list without the test's CA: the chain fails, as it does for a client that does not know that CA.
    const untrusted = await judged({ trust: async () => [pki.selfSigned.cert] });
    expect(untrusted?.verification.chainError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // A trust list that cannot be loaded: the session goes on, its certificate not judged.
    const failing = async (): Promise<string[]> => {
      throw new Error('no trust store');
    };
    expect(await judged({ trust: failing })).toBeNull();
  });

  it('EHLO refused inside TLS: the refusal decides the reading, not the 250 before STARTTLS', async () => {
    const at: TcpEndpoint = { address: '127.0.0.1', family: 4, port: refusesInsideTls.port };
    const result = await smtpHandshake(at, budget);
    expect(result).toMatchObject({
      kind: 'hello',
      code: 250,
      startTls: { kind: 'upgraded', ehlo: { code: 550, lines: ['no EHLO over TLS here'] }, extensions: [] },
    });
    const check = await protocolCheck('smtp', at, budget, noUrlParts);
    expect(check.reading).toMatchObject({
      kind: 'answered',
      reason: 'server-rejects-client',
      answer: '550 to EHLO inside TLS',
      message: 'no EHLO over TLS here',
      // The reasons table's row for "550 to EHLO" explains it; "inside TLS" only says where it came.
      meaning: expect.stringContaining('EHLO rules refuse this client'),
    });
  });

  it('startTls: false (a session that is TLS already) never sends STARTTLS', async () => {
    const at: TcpEndpoint = { address: '127.0.0.1', family: 4, port: secure.port };
    const result = await smtpHandshake(at, budget, { startTls: false });
    expect(result).toMatchObject({ kind: 'hello', code: 250, startTls: null });
  });
});

/** What protocolCheck is told of a URL that names no user, password, database or TLS mode. */
const noUrlParts = { user: null, password: null, database: null, sslmode: null, servername: null };

describe('smtpHandshake on loopback servers', () => {
  const { serve } = useLoopbackServers();

  /** A server that greets, then answers each command line with what `answer` gives (null: no answer). */
  const scripted = (greeting: string, answer: (command: string) => string | null, heard: string[] = []) =>
    serve((peer) => {
      peer.write(greeting);
      let pending = '';
      peer.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n')) {
          const command = pending.slice(0, end);
          pending = pending.slice(end + 2);
          heard.push(command);
          if (command === 'QUIT') return peer.end('221 bye\r\n');
          const reply = answer(command);
          if (reply !== null) peer.write(reply);
        }
      });
    });

  it('says EHLO with its address literal, then QUIT, and settles when the server closes', async () => {
    const heard: string[] = [];
    const endpoint = await scripted('220 mx ESMTP\r\n', () => '250-mx Hello\r\n250 SIZE 1000\r\n', heard);
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({
      kind: 'hello',
      code: 250,
      reason: 'ok',
      extensions: [{ keyword: 'SIZE', params: ['1000'] }],
    });
    expect(heard).toEqual(['EHLO [127.0.0.1]', 'QUIT']);
  });

  it('EHLO not recognised (500): HELO once, and its 250 is the answer', async () => {
    const heard: string[] = [];
    const endpoint = await scripted(
      '220 old.example SMTP\r\n',
      (command) => (command.startsWith('EHLO') ? '500 Command unrecognized\r\n' : '250 old.example\r\n'),
      heard,
    );
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({
      kind: 'hello',
      verb: 'HELO',
      code: 250,
      reason: 'ok',
      extensions: [],
      ehloUnknown: { code: 500, lines: ['Command unrecognized'] },
    });
    expect(heard).toEqual(['EHLO [127.0.0.1]', 'HELO [127.0.0.1]', 'QUIT']);
  });

  it('neither EHLO nor HELO known (502 to both): HELO only once, and an answer never read as healthy', async () => {
    const heard: string[] = [];
    const endpoint = await scripted('220 odd\r\n', () => '502 5.5.2 Command not recognized\r\n', heard);
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({
      kind: 'hello',
      verb: 'HELO',
      code: 502,
      reason: 'server-error',
    });
    expect(heard).toEqual(['EHLO [127.0.0.1]', 'HELO [127.0.0.1]', 'QUIT']);
  });

  it('421 to EHLO: by its text, a connection limit or a server going away', async () => {
    const limit = await scripted('220 mx\r\n', () => '421 4.7.0 mx Error: too many connections from 127.0.0.1\r\n');
    expect(await smtpHandshake(limit, budget)).toMatchObject({ code: 421, reason: 'server-connection-limit' });
    const closing = await scripted('220 mx\r\n', () => '421 4.3.2 Service shutting down\r\n');
    expect(await smtpHandshake(closing, budget)).toMatchObject({ code: 421, reason: 'server-not-ready' });
  });

  it('STARTTLS offered, then refused with 454: the plain extensions, and the refusal', async () => {
    const endpoint = await scripted('220 mx\r\n', (command) =>
      command === 'STARTTLS' ? '454 4.7.0 TLS not available due to local problem\r\n' : '250-mx\r\n250 STARTTLS\r\n',
    );
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({
      kind: 'hello',
      code: 250,
      reason: 'ok',
      startTls: { kind: 'refused', reply: { code: 454 } },
    });
    // A client that takes STARTTLS when offered stops at the 454: never read as healthy.
    const check = await protocolCheck('smtp', endpoint, budget, noUrlParts);
    expect(check.reading).toMatchObject({
      kind: 'answered',
      reason: 'server-error',
      answer: '454 to STARTTLS',
      message: '4.7.0 TLS not available due to local problem',
    });
  });

  it('STARTTLS agreed to, then bytes that are not TLS: the plain session kept, with the TLS failure', async () => {
    const endpoint = await serve((peer) => {
      peer.write('220 mx ESMTP\r\n');
      let pending = '';
      const onData = (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        if (pending === 'EHLO [127.0.0.1]\r\n') peer.write('250-mx\r\n250 STARTTLS\r\n');
        if (pending.endsWith('STARTTLS\r\n')) {
          peer.off('data', onData);
          peer.write('220 go ahead\r\n');
          // The ClientHello is answered with plain text, as a broken TLS setup might.
          peer.once('data', () => peer.write('this is not TLS\r\n'));
        }
      };
      peer.on('data', onData);
    });
    const result = await smtpHandshake(endpoint, budget);
    expect(result).toMatchObject({
      kind: 'hello',
      code: 250,
      extensions: [{ keyword: 'STARTTLS' }],
      startTls: { kind: 'failed', code: expect.stringMatching(/^ERR_SSL_/) },
    });
    const check = await protocolCheck('smtp', endpoint, budget, noUrlParts);
    expect(check.reading).toMatchObject({ kind: 'cut-short', cut: { kind: 'tls-failed' } });
  });

  it('a close at EHLO after a 220 greeting: its own result, with the greeting', async () => {
    const endpoint = await serve((peer) => {
      peer.write('220 mx ESMTP\r\n');
      peer.once('data', () => peer.end());
    });
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({
      kind: 'hello-unanswered',
      greeting: { code: 220, lines: ['mx ESMTP'] },
      verb: 'EHLO',
      name: '[127.0.0.1]',
      agreedTls: false,
      how: 'closed',
    });
    // Never read as healthy: the check makes it an error answer of its own.
    const check = await protocolCheck('smtp', endpoint, budget, noUrlParts);
    expect(check.reading).toMatchObject({
      kind: 'answered',
      reason: 'server-error',
      answer: '220, then no reply to EHLO',
      meaning: 'the server greeted, then closed the connection at EHLO, without a reply',
    });
  });

  it('silence after EHLO until the deadline: no-answer after the greeting', async () => {
    const endpoint = await scripted('220 mx ESMTP\r\n', () => null);
    expect(await smtpHandshake(endpoint, { timeoutMs: 300 })).toMatchObject({
      kind: 'hello-unanswered',
      how: 'no-answer',
    });
  });

  /** A trust list that loads only when the test lets it: this side's loading of TLS, as slow as the test needs. */
  const heldTrust = () => {
    let release = () => {};
    const trust = () => new Promise<readonly string[]>((resolve) => (release = () => resolve([])));
    return { trust, release: () => release() };
  };

  it('the time runs out while this side still loads TLS: the EHLO answer, with STARTTLS not sent, never a silent server', async () => {
    const heard: string[] = [];
    const endpoint = await scripted('220 mx ESMTP\r\n', () => '250-mx\r\n250 STARTTLS\r\n', heard);
    const { trust, release } = heldTrust();
    const result = await smtpHandshake(endpoint, { timeoutMs: 800 }, { trust });
    release();
    // The server heard EHLO only: STARTTLS waited on the trust list, and the time ran out on this side.
    expect(heard).toEqual(['EHLO [127.0.0.1]']);
    expect(result).toMatchObject({
      kind: 'hello',
      code: 250,
      reason: 'ok',
      extensions: [{ keyword: 'STARTTLS' }],
      startTls: { kind: 'not-sent', because: 'time-ran-out' },
    });
    const { startTls, afterMs } = result as Extract<typeof result, { kind: 'hello' }>;
    // The loading is told as this side's, and the server's time (its answer to EHLO) leaves it out.
    expect((startTls as { loadingMs: number }).loadingMs).toBeGreaterThan(400);
    expect(afterMs).toBeLessThan(400);
    const heldAgain = heldTrust();
    const check = await protocolCheck(
      'smtp',
      endpoint,
      { timeoutMs: 800 },
      { ...noUrlParts, startTlsTrust: heldAgain.trust },
    );
    heldAgain.release();
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'ok', answer: '250 to EHLO' });
  });

  it('the server closes while this side still loads TLS: STARTTLS not sent, the close its own, never read as healthy', async () => {
    const heard: string[] = [];
    const endpoint = await serve((peer) => {
      peer.write('220 mx ESMTP\r\n');
      peer.once('data', (chunk: Buffer) => {
        heard.push(chunk.toString('latin1'));
        peer.end('250-mx\r\n250 STARTTLS\r\n');
        peer.on('data', (more: Buffer) => heard.push(more.toString('latin1')));
      });
    });
    const { trust, release } = heldTrust();
    const result = await smtpHandshake(endpoint, budget, { trust });
    release();
    expect(heard).toEqual(['EHLO [127.0.0.1]\r\n']);
    expect(result).toMatchObject({ kind: 'hello', code: 250, startTls: { kind: 'not-sent', because: 'closed' } });
    const heldAgain = heldTrust();
    const check = await protocolCheck('smtp', endpoint, budget, { ...noUrlParts, startTlsTrust: heldAgain.trust });
    heldAgain.release();
    expect(check.reading).toMatchObject({
      kind: 'answered',
      reason: 'server-error',
      answer: '250 to EHLO, then closed before STARTTLS was sent',
    });
  });

  it('a 554 greeting: refused, and no EHLO', async () => {
    const heard: string[] = [];
    const endpoint = await scripted(
      '554 5.7.1 Service unavailable; client host blocked\r\n',
      () => '250 ok\r\n',
      heard,
    );
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({ code: 554, reason: 'server-rejects-client' });
    expect(heard).toEqual(['QUIT']);
  });

  it('a 421 shutting down: not ready', async () => {
    const endpoint = await serve((peer) => peer.end('421 4.3.2 Service shutting down\r\n'));
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({ code: 421, reason: 'server-not-ready' });
  });
});

/**
 * A session Exim counts: it sent its 220 greeting, and this client says nothing more. A 421 means the session of the
 * test before is still counted (Exim counts it until its child process has gone): try again, bounded.
 */
async function holdSession(endpoint: TcpEndpoint): Promise<net.Socket> {
  for (let attempt = 0; ; attempt++) {
    const { socket, greeting } = await new Promise<{ socket: net.Socket; greeting: string }>((resolve, reject) => {
      const socket = net.connect({ host: endpoint.address, port: endpoint.port });
      socket.once('data', (chunk: Buffer) => resolve({ socket, greeting: chunk.toString('latin1') }));
      socket.once('error', reject);
    });
    if (!greeting.startsWith('421') || attempt === 50) return socket;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Exim counts a session (the harness's readiness check, the test before's) until its child process has gone; with
 * smtp_accept_max = 1 the next probe can meet that. Probe again (bounded) until the greeting is not 421.
 */
async function untilFree(endpoint: TcpEndpoint, options: Parameters<typeof smtpHandshake>[2] = {}) {
  for (let attempt = 0; ; attempt++) {
    const result = await smtpHandshake(endpoint, budget, options);
    if (attempt === 50 || result.kind !== 'greeting' || result.code !== 421) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
