import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { type ProtocolCheck, protocolCheck } from '../protocols/protocol-check.js';
import type { SmtpHandshake } from '../protocols/smtp-handshake.js';
import type { Facts } from './facts.js';
import type { TlsSession } from '../probes/tls-result.js';
import { guards } from './guards.js';
import { attempt, factsFor } from './proxy-detour.test-helper.js';
import { serverRuleCommand } from './verdicts/server-rule-command.js';
import { clientAddressOf } from './verdicts/protocol-evidence.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

const { serve } = useLoopbackServers();
/** What protocolCheck is told of a URL that names no user, password, database or TLS mode. */
const noUrlParts = { user: null, password: null, database: null, sslmode: null, servername: null };

const greeting = { code: 220, lines: ['mx.example ESMTP Exim 4.96'] };

/** A 250 to EHLO with these extensions, as the handshake returns it. */
function ehlo(
  keywords: string[],
  startTls: Extract<SmtpHandshake, { kind: 'hello' }>['startTls'] = null,
): SmtpHandshake {
  return {
    kind: 'hello',
    greeting,
    verb: 'EHLO',
    name: '[192.0.2.7]',
    code: 250,
    lines: ['mx.example Hello [192.0.2.7]', ...keywords],
    reason: 'ok',
    extensions: keywords.map((keyword) => ({ keyword, params: [] })),
    ehloUnknown: null,
    startTls,
    afterMs: 2,
  };
}

/** A STARTTLS session as the upgrade judges it: a leaf for mx.example, with this verification. */
const session = (verification: TlsSession['verification']): TlsSession => ({
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  alpn: null,
  chain: [],
  verification,
});

/** Facts after an SMTP handshake on `url`, read as the protocol check reads it. */
function smtp(url: string, handshake: SmtpHandshake, reading: ProtocolCheck['reading']): Facts {
  const port = Number(new URL(url).port);
  const protocol: ProtocolCheck = {
    protocol: 'smtp',
    reading,
    handshakes: [handshake],
    user: null,
    userGiven: false,
    passwordSent: false,
    database: null,
    fromIdentification: false,
  };
  const facts = factsFor({ url, tcp: [attempt('open', '192.0.2.10', port)], protocol });
  // The target's path keeps its query, as parse-target leaves it (the helper keeps the path only).
  return { ...facts, target: { ...facts.target, path: `${new URL(url).pathname}${new URL(url).search}` } };
}

const ok = (meaning = "the server accepts this client's EHLO"): ProtocolCheck['reading'] => ({
  kind: 'answered',
  reason: 'ok',
  answer: '250 to EHLO',
  message: 'mx.example Hello [192.0.2.7]',
  meaning,
  afterMs: 2,
});

describe('the client address SMTP commands are filled in with', () => {
  it('is the one Exim names in its 250 to EHLO (what it sees, past any NAT) before this side’s own', () => {
    const reading = { ...ok(), message: 'mx.example Hello [192.0.2.7] [198.51.100.9]' };
    expect(clientAddressOf(smtp('smtp://192.0.2.10:25', ehlo([]), reading))).toBe('198.51.100.9');
    // Postfix names no address: this side's, as given in EHLO.
    const postfix = { ...ok(), message: 'mail.example' };
    expect(clientAddressOf(smtp('smtp://192.0.2.10:25', ehlo([]), postfix))).toBe('192.0.2.7');
  });
});

describe('the words of an SMTP session past its greeting', () => {
  it('port 587 without STARTTLS: healthy but likely, with what a STARTTLS client meets', () => {
    const verdict = verdictBuilders.healthy(smtp('smtp://192.0.2.10:587', ehlo(['SIZE', 'PIPELINING']), ok()));
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('port 587 is the submission port');
    expect(verdict.nextSteps[0]).toMatch(/^Exim: offer STARTTLS/);
    expect(verdict.evidence).toContain('The greeting was 220: "mx.example ESMTP Exim 4.96"');
  });

  it('port 587 with STARTTLS, another port without it, or a URL that turns STARTTLS off: no such reading', () => {
    const urls: [string, SmtpHandshake][] = [
      ['smtp://192.0.2.10:587', ehlo(['SIZE', 'STARTTLS'])],
      ['smtp://192.0.2.10:25', ehlo(['SIZE'])],
      ['smtp://192.0.2.10:587/?ignoreTLS=true', ehlo(['SIZE'])],
      ['smtp://192.0.2.10:587/?auto_tls=false', ehlo(['SIZE'])],
    ];
    for (const [url, handshake] of urls) {
      const verdict = verdictBuilders.healthy(smtp(url, handshake, ok()));
      expect(verdict.confidence, url).toBe('certain');
      expect(verdict.summary, url).not.toContain('submission port');
    }
  });

  it('STARTTLS taken: the evidence says so, and names AUTH offered only inside TLS', () => {
    const upgraded = ehlo(['SIZE', 'STARTTLS'], {
      kind: 'upgraded',
      ehlo: { code: 250, lines: ['mx.example Hello', 'AUTH PLAIN LOGIN'] },
      extensions: [{ keyword: 'AUTH', params: ['PLAIN', 'LOGIN'] }],
      session: null,
    });
    const evidence = verdictBuilders.healthy(smtp('smtp://192.0.2.10:25', upgraded, ok())).evidence;
    expect(evidence).toContain('Extensions offered: SIZE, STARTTLS');
    expect(evidence).toContain('Extensions offered inside TLS: AUTH PLAIN LOGIN');
    expect(evidence).toContain(
      'AUTH (PLAIN LOGIN) is offered only inside TLS: a client must STARTTLS before it can log in',
    );
    // The certificate was not judged: the command that shows it comes first, and the verdict is not certain.
    const verdict = verdictBuilders.healthy(smtp('smtp://192.0.2.10:25', upgraded, ok()));
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('its certificate was not verified here');
    expect(verdict.nextSteps[0]).toContain(
      'openssl s_client -starttls smtp -connect 192.0.2.10:25 -verify_return_error',
    );
  });

  it('refused at EHLO: likely, the HELO rules of Exim and Postfix, and the command on the server types EHLO', () => {
    const refused: SmtpHandshake = {
      ...(ehlo([]) as Extract<SmtpHandshake, { kind: 'hello' }>),
      code: 550,
      lines: ['HELO/EHLO refused by policy'],
      reason: 'server-rejects-client',
      extensions: [],
    };
    const facts = smtp('smtp://192.0.2.10:25', refused, {
      kind: 'answered',
      reason: 'server-rejects-client',
      answer: '550 to EHLO',
      message: 'HELO/EHLO refused by policy',
      meaning: 'its EHLO rules refuse this client',
      afterMs: 2,
    });
    const verdict = verdictBuilders['server-rejects-client'](facts);
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('then refused the EHLO command');
    expect(verdict.nextSteps.join('\n')).toMatch(/acl_smtp_helo[\s\S]*smtpd_helo_restrictions/);
    // The address the server saw is the one given in EHLO.
    expect(serverRuleCommand(facts)).toMatchObject({
      command: 'sudo exim -bh 192.0.2.7',
      lookFor: expect.stringContaining('EHLO [192.0.2.7]'),
    });
  });

  it("STARTTLS agreed to, then a failed TLS handshake: tls-handshake-failure in STARTTLS's words and OpenSSL command", () => {
    const failed = ehlo(['STARTTLS'], {
      kind: 'failed',
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      message: 'wrong version number',
    });
    const facts = smtp('smtp://192.0.2.10:25', failed, {
      kind: 'cut-short',
      cut: { kind: 'tls-failed', afterMs: 5, code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' },
    });
    const verdict = verdictBuilders['tls-handshake-failure'](facts);
    expect(verdict.title).toBe('SMTP at 192.0.2.10:25 offers STARTTLS, but the TLS handshake failed');
    expect(verdict.summary).toContain('(STARTTLS, which the server agreed to with 220)');
    expect(verdict.evidence).toContain(
      'STARTTLS is offered, and the server agreed to it (220), but the TLS handshake then failed',
    );
    expect(verdict.evidence).toContain(
      'The TLS handshake after STARTTLS failed: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number',
    );
    expect(verdict.nextSteps.join('\n')).toContain('tls_require_ciphers');
    expect(verdict.nextSteps[0]).toContain('openssl s_client -starttls smtp -connect 192.0.2.10:25');
  });

  it('greeted, then silent at EHLO: server-error in words that say where the session stopped, never healthy', () => {
    const silent: SmtpHandshake = {
      kind: 'hello-unanswered',
      greeting,
      verb: 'EHLO',
      name: '[192.0.2.7]',
      agreedTls: false,
      how: 'no-answer',
      afterMs: 3000,
    };
    const facts = smtp('smtp://192.0.2.10:25', silent, {
      kind: 'answered',
      reason: 'server-error',
      answer: '220, then no reply to EHLO',
      message: '',
      meaning: 'the server greeted, then went silent at EHLO',
      afterMs: 3000,
    });
    const verdict = verdictBuilders['server-error'](facts);
    expect(verdict.title).toBe('SMTP at 192.0.2.10:25 greets, then does not answer EHLO');
    expect(verdict.summary).toContain('when conn-doctor sent EHLO [192.0.2.7], it said nothing more');
    expect(verdict.evidence).toContain('The greeting was 220: "mx.example ESMTP Exim 4.96"');
    expect(verdict.nextSteps.join('\n')).toContain('conn-doctor smtp://192.0.2.10:25 --timeout 15000');
  });

  it('silent at STARTTLS, or after agreeing to it: the rules and the session to look at are those of that stage', () => {
    const at = (verb: 'STARTTLS' | 'EHLO', agreedTls: boolean) => {
      const silent: SmtpHandshake = {
        kind: 'hello-unanswered',
        greeting,
        verb,
        name: '[192.0.2.7]',
        agreedTls,
        how: 'no-answer',
        afterMs: 3000,
      };
      const reading = {
        kind: 'answered',
        reason: 'server-error',
        answer: 'silent',
        message: '',
        meaning: 'silent',
        afterMs: 3000,
      } as const;
      return verdictBuilders['server-error'](
        smtp('smtp://192.0.2.10:25/?ignoreTLS=false', silent, reading),
      ).nextSteps.join('\n');
    };
    const starttls = at('STARTTLS', false);
    expect(starttls).toContain('acl_smtp_starttls');
    expect(starttls).not.toContain('acl_smtp_helo');
    const insideTls = at('EHLO', true);
    expect(insideTls).toContain('tls_certificate');
    expect(insideTls).toContain('openssl s_client -starttls smtp');
    // The re-run keeps the URL's path and query.
    expect(starttls).toContain("conn-doctor 'smtp://192.0.2.10:25/?ignoreTLS=false' --timeout 15000");
  });

  it('STARTTLS never sent, the time having run out while this side loaded TLS: healthy but likely, in words that put the wait on our side', () => {
    const untried = ehlo(['SIZE', 'STARTTLS'], { kind: 'not-sent', because: 'time-ran-out', loadingMs: 780 });
    const verdict = verdictBuilders.healthy(smtp('smtp://192.0.2.10:25', untried, ok()));
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain("ran out on conn-doctor's own side, while it was still loading TLS (780 ms)");
    expect(verdict.summary).toContain('Whether STARTTLS works here was not tested');
    expect(verdict.summary).not.toMatch(/silent|did not answer/);
    expect(verdict.evidence.join('\n')).toContain('STARTTLS is offered, but was not sent: the time allowed ran out');
    expect(verdict.nextSteps[0]).toMatch(/conn-doctor smtp:\/\/192\.0\.2\.10:25 --timeout \d+/);
  });

  it('the server hung up after EHLO while this side loaded TLS, STARTTLS never sent: server-error, never said to be at STARTTLS', () => {
    const dropped = ehlo(['SIZE', 'STARTTLS'], { kind: 'not-sent', because: 'closed', loadingMs: 40 });
    const facts = smtp('smtp://192.0.2.10:25', dropped, {
      kind: 'answered',
      reason: 'server-error',
      answer: '250 to EHLO, then closed before STARTTLS was sent',
      message: '',
      meaning: 'the server answered EHLO, then closed the connection before conn-doctor asked for STARTTLS',
      afterMs: 3,
    });
    const verdict = verdictBuilders['server-error'](facts);
    expect(verdict.title).toBe('SMTP at 192.0.2.10:25 answers EHLO, then drops the session before STARTTLS');
    expect(verdict.summary).toContain(
      'Before conn-doctor asked for it (it was still loading TLS on its own side, 40 ms)',
    );
    expect(verdict.evidence.join('\n')).toContain('the server closed the connection after its answer to EHLO');
    expect(verdict.nextSteps.join('\n')).toContain('smtpd_timeout');
  });

  it('STARTTLS with its certificate judged and good: healthy and certain, the trusted name and the IP-literal note in the evidence', () => {
    const upgraded = ehlo(['STARTTLS'], {
      kind: 'upgraded',
      ehlo: { code: 250, lines: ['mx.example Hello'] },
      extensions: [],
      session: session({ chainError: null, checkedName: '192.0.2.10', hostnameError: null }),
    });
    const facts = smtp('smtp://192.0.2.10:25', upgraded, ok());
    const verdict = verdictBuilders.healthy(facts);
    expect(verdict.confidence).toBe('certain');
    expect(verdict.summary).not.toContain('not verified');
    // The layers a certain verdict vouches for include the certificate checked behind STARTTLS.
    expect(verdict.summary).toContain(
      'SMTP answered 250 to EHLO, STARTTLS completes with a trusted certificate for 192.0.2.10.',
    );
    expect(verdict.evidence).toContain('the certificate is trusted and names 192.0.2.10');
    expect(verdict.evidence.join('\n')).toContain(
      'The target is an IP address: no server name was sent (SNI), and the certificate was checked against the address 192.0.2.10',
    );
    expect((['tls.expired', 'tls.untrusted', 'tls.wrong-name'] as const).some((id) => guards[id].test(facts))).toBe(
      false,
    );
  });

  it('STARTTLS with a certificate that fails verification: the certificate guards hold, and the verdict speaks of STARTTLS', () => {
    const judged = (verification: TlsSession['verification']) =>
      smtp(
        'smtp://192.0.2.10:587',
        ehlo(['STARTTLS'], {
          kind: 'upgraded',
          ehlo: { code: 250, lines: ['mx.example Hello'] },
          extensions: [],
          session: session(verification),
        }),
        ok(),
      );
    const untrusted = judged({
      chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      checkedName: '192.0.2.10',
      hostnameError: null,
    });
    expect(guards['tls.untrusted'].test(untrusted)).toBe(true);
    const verdict = verdictBuilders['tls-certificate-untrusted'](untrusted);
    expect(verdict.summary).toContain('The SMTP server offered STARTTLS and agreed to it');
    expect(verdict.summary).toContain('nodemailer does by default');
    expect(verdict.evidence).toContain('chain verification: DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(verdict.nextSteps.join('\n')).toContain(
      'openssl s_client -starttls smtp -connect 192.0.2.10:587 -showcerts',
    );
    const expired = judged({ chainError: 'CERT_HAS_EXPIRED', checkedName: '192.0.2.10', hostnameError: null });
    expect(guards['tls.expired'].test(expired)).toBe(true);
    // Who stops at a bad certificate behind STARTTLS, and who relays on, is said for every certificate verdict.
    expect(verdictBuilders['tls-certificate-expired'](expired).summary).toContain('nodemailer does by default');
    const wrongName = judged({
      chainError: null,
      checkedName: '192.0.2.10',
      hostnameError: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: "IP: 192.0.2.10 is not in the cert's list" },
    });
    expect(guards['tls.wrong-name'].test(wrongName)).toBe(true);
    expect(guards['tls.untrusted'].test(wrongName)).toBe(false);
    expect(verdictBuilders['tls-hostname-mismatch'](wrongName).summary).toContain('nodemailer does by default');
  });

  it("STARTTLS with a certificate whose issuer is not linked: what is known (missing or wrong intermediate, or an untrusted CA), and the mail servers' chain settings", () => {
    const facts = smtp(
      'smtp://192.0.2.10:25',
      ehlo(['STARTTLS'], {
        kind: 'upgraded',
        ehlo: { code: 250, lines: ['mx.example Hello'] },
        extensions: [],
        session: session({
          chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
          checkedName: '192.0.2.10',
          hostnameError: null,
        }),
      }),
      ok(),
    );
    const verdict = verdictBuilders['tls-certificate-untrusted'](facts);
    expect(verdict.title).toBe(
      'The certificate cannot be linked to a trusted CA: an intermediate is missing, or its CA is not trusted',
    );
    // The same code comes for a wrong intermediate: the words never claim the server sent its certificate alone.
    expect(verdict.summary).not.toContain('sends only its own certificate');
    expect(verdict.summary).toContain('was neither sent in a chain that links it to a trusted root');
    expect(verdict.summary).toContain('or sends the wrong one');
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain('Exim: `tls_certificate = /etc/exim4/fullchain.pem`');
    expect(steps).toContain('smtpd_tls_chain_files');
    expect(steps).not.toContain('nginx');
  });

  it('STARTTLS refused with 454: server-error in STARTTLS words, with where Exim and Postfix keep their certificate', () => {
    const refused = ehlo(['STARTTLS'], { kind: 'refused', reply: { code: 454, lines: ['TLS currently unavailable'] } });
    const facts = smtp('smtp://192.0.2.10:587', refused, {
      kind: 'answered',
      reason: 'server-error',
      answer: '454 to STARTTLS',
      message: 'TLS currently unavailable',
      meaning: 'it offers STARTTLS, then refuses it',
      afterMs: 3,
    });
    const verdict = verdictBuilders['server-error'](facts);
    expect(verdict.title).toBe('SMTP at 192.0.2.10:587 offers STARTTLS, then refuses it (454)');
    expect(verdict.confidence).toBe('likely');
    expect(verdict.evidence).toContain(
      'STARTTLS is offered, but it was refused when asked: 454 "TLS currently unavailable"',
    );
    expect(verdict.nextSteps.join('\n')).toContain('openssl s_client -starttls smtp -connect 192.0.2.10:587');
  });

  it('STARTTLS refused otherwise: a rule (5xx), a rate limit, a temporary refusal, never the certificate story of a 454 "unavailable"', () => {
    const refusedWith = (code: number, text: string) => {
      const answer = `${code} to STARTTLS`;
      const facts = smtp(
        'smtp://192.0.2.10:25',
        ehlo(['STARTTLS'], { kind: 'refused', reply: { code, lines: [text] } }),
        { kind: 'answered', reason: 'server-error', answer, message: text, meaning: 'refused', afterMs: 3 },
      );
      const verdict = verdictBuilders['server-error'](facts);
      return { verdict, words: [verdict.title, verdict.summary, ...verdict.nextSteps].join('\n') };
    };
    const certificateWords = /certificate|tls_privatekey|smtpd_tls_cert_file/;

    const policy = refusedWith(550, 'Administrative prohibition');
    expect(policy.verdict.title).toBe('SMTP at 192.0.2.10:25 offers STARTTLS, then refuses it to this client (550)');
    expect(policy.verdict.summary).toContain('a permanent refusal (5xx)');
    expect(policy.words).toContain('acl_smtp_starttls');
    expect(policy.words).toContain('sudo exim -bh 192.0.2.7');
    expect(policy.words).not.toMatch(certificateWords);

    const limited = refusedWith(454, '4.7.0 Error: too many new TLS sessions from unknown[192.0.2.7]');
    expect(limited.verdict.title).toBe('SMTP at 192.0.2.10:25 offers STARTTLS, then refuses it for now (454)');
    expect(limited.words).toContain('smtpd_client_new_tls_session_rate_limit');
    expect(limited.words).not.toMatch(certificateWords);

    for (const [code, text] of [
      [421, '4.7.0 Too many TLS sessions, closing'],
      [451, 'try TLS later'],
      [454, '4.3.0 Try again later'],
    ] as const) {
      const temporary = refusedWith(code, text);
      expect(temporary.verdict.title, text).toBe(
        `SMTP at 192.0.2.10:25 offers STARTTLS, then refuses it for now (${code})`,
      );
      expect(temporary.verdict.summary, text).toContain('a temporary refusal (4xx)');
      expect(temporary.words, text).not.toMatch(certificateWords);
    }

    // A 5xx about the command itself says nothing of TLS: the generic words, with the server's own answer.
    const sequence = refusedWith(503, 'Bad sequence of commands');
    expect(sequence.verdict.title).toBe('SMTP at 192.0.2.10:25 answered with an error');
    expect(sequence.words).not.toMatch(certificateWords);

    // Only a 454 that says TLS is unavailable tells of the certificate or key.
    const unavailable = refusedWith(454, '4.7.0 TLS not available due to local problem');
    expect(unavailable.verdict.title).toBe('SMTP at 192.0.2.10:25 offers STARTTLS, then refuses it (454)');
    expect(unavailable.words).toMatch(certificateWords);
  });

  it('a refusal of STARTTLS read from a server: the verdict’s words and the evidence’s meaning come from one row', async () => {
    const cases = [
      [452, '4.3.1 Insufficient system resources', 'for now (452)', 'a temporary refusal'],
      [530, '5.7.1 Access denied', 'to this client (530)', "a rule of the server's"],
      [454, 'TLS currently unavailable', '(454)', 'TLS is not available on the server now'],
      [
        454,
        '4.7.0 Error: too many new TLS sessions from unknown[127.0.0.1]',
        'for now (454)',
        'too many new TLS sessions',
      ],
    ] as const;
    for (const [code, text, titleTail, meaning] of cases) {
      const endpoint = await serve((peer) => {
        peer.write('220 mx ESMTP\r\n');
        peer.on('data', (chunk: Buffer) => {
          const command = chunk.toString('latin1');
          if (command.startsWith('EHLO')) peer.write('250-mx\r\n250 STARTTLS\r\n');
          else if (command.startsWith('STARTTLS')) peer.write(`${code} ${text}\r\n`);
          else peer.end('221 bye\r\n');
        });
      });
      const check = await protocolCheck('smtp', endpoint, { timeoutMs: 3000 }, noUrlParts);
      const facts = smtp(`smtp://127.0.0.1:${endpoint.port}`, check.handshakes[0] as SmtpHandshake, check.reading);
      const verdict = verdictBuilders['server-error'](facts);
      expect(verdict.title, text).toBe(
        `SMTP at 127.0.0.1:${endpoint.port} offers STARTTLS, then refuses it ${titleTail}`,
      );
      const means = verdict.evidence.find((line) => line.startsWith('What that answer means: '));
      expect(means, text).toContain(meaning);
    }
  });

  it('EHLO refused inside TLS: the refusal at EHLO, said to come after STARTTLS, with the command to see it inside TLS', () => {
    const upgraded = ehlo(['STARTTLS'], {
      kind: 'upgraded',
      ehlo: { code: 550, lines: ['no EHLO over TLS here'] },
      extensions: [],
      session: null,
    });
    const facts = smtp('smtp://192.0.2.10:25', upgraded, {
      kind: 'answered',
      reason: 'server-rejects-client',
      answer: '550 to EHLO inside TLS',
      message: 'no EHLO over TLS here',
      meaning: 'its EHLO rules refuse this client',
      afterMs: 9,
    });
    const verdict = verdictBuilders['server-rejects-client'](facts);
    expect(verdict.summary).toContain('then refused the EHLO command asked again inside TLS, after STARTTLS');
    expect(verdict.evidence).toContain('EHLO inside TLS was answered 550: "no EHLO over TLS here"');
    expect(verdict.nextSteps.at(-1)).toContain('openssl s_client -starttls smtp -quiet -connect 192.0.2.10:25');
  });

  it('refused at connect: certain, the connect rules', () => {
    const handshake: SmtpHandshake = {
      kind: 'greeting',
      code: 554,
      lines: ['no service'],
      reason: 'server-rejects-client',
      afterMs: 1,
    };
    const facts = smtp('smtp://192.0.2.10:25', handshake, {
      kind: 'answered',
      reason: 'server-rejects-client',
      answer: '554',
      message: 'no service',
      meaning: 'no SMTP service for this client',
      afterMs: 1,
    });
    const verdict = verdictBuilders['server-rejects-client'](facts);
    expect(verdict.confidence).toBe('certain');
    expect(verdict.nextSteps.join('\n')).toContain('acl_smtp_connect');
  });
});
