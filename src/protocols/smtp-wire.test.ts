import { describe, expect, it } from 'vitest';
import { addressLiteral, extensionOf, helloCommand, readEhloReply, readSmtpReply } from './smtp-wire.js';

/**
 * Captured from Exim 4.96 (Debian 12, exim4-daemon-light) on loopback, started with `-C` and its own config
 * (`smtp_accept_max = 1`, a connect ACL denying 127.0.0.2): a Node client connected and printed every byte as hex.
 */
const CAPTURED = {
  greeting:
    '323230206d782e636f6e6e2d646f63746f722e746573742045534d5450204578696d20342e3936205361742c2030352044656320323032362032303a35353a3034202b303030300d0a',
  /** With one connection held and smtp_accept_max = 1. */
  tooMany:
    '34323120546f6f206d616e7920636f6e63757272656e7420534d545020636f6e6e656374696f6e733b20706c656173652074727920616761696e206c617465722e0d0a',
  /** From 127.0.0.2, which the connect ACL denies. */
  denied: '353530206e6f20534d5450207365727669636520666f7220796f750d0a',
  /** The answer to QUIT. */
  bye: '323231206d782e636f6e6e2d646f63746f722e7465737420636c6f73696e6720636f6e6e656374696f6e0d0a',
} as const;

const reply = (hex: string) => readSmtpReply(Buffer.from(hex, 'hex'));

describe('readSmtpReply', () => {
  it('reads the captured replies', () => {
    expect(reply(CAPTURED.greeting)).toMatchObject({
      kind: 'reply',
      code: 220,
      lines: [expect.stringMatching(/^mx\.conn-doctor\.test ESMTP Exim 4\.96 /)],
    });
    expect(reply(CAPTURED.tooMany)).toMatchObject({
      code: 421,
      lines: ['Too many concurrent SMTP connections; please try again later.'],
    });
    expect(reply(CAPTURED.denied)).toMatchObject({ code: 550, lines: ['no SMTP service for you'] });
    expect(reply(CAPTURED.bye)).toMatchObject({ code: 221, size: Buffer.from(CAPTURED.bye, 'hex').length });
  });

  it('reads a multi-line reply to its last line, and a bare code', () => {
    const text = '220-mx.example ESMTP\r\n220-no UCE\r\n220 ready\r\n250 next';
    expect(readSmtpReply(Buffer.from(text))).toEqual({
      kind: 'reply',
      code: 220,
      lines: ['mx.example ESMTP', 'no UCE', 'ready'],
      size: text.indexOf('250'),
    });
    expect(readSmtpReply(Buffer.from('421\r\n'))).toMatchObject({ code: 421, lines: [''] });
  });

  it('waits for a reply cut anywhere', () => {
    for (const text of ['', '22', '220', '220-first\r\n', '220-first\r\n220 la']) {
      expect(readSmtpReply(Buffer.from(text))).toEqual({ kind: 'incomplete' });
    }
  });

  it('refuses what is not SMTP', () => {
    expect(readSmtpReply(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readSmtpReply(Buffer.from('SSH-'))).toMatchObject({ kind: 'invalid' });
    expect(readSmtpReply(Buffer.from('220-a\r\n250 b\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readSmtpReply(Buffer.from(`220 ${'x'.repeat(1001)}`))).toMatchObject({ kind: 'invalid' });
  });
});

/** Captured from Exim 4.96 (as above): EHLO [127.0.0.1], then STARTTLS, then EHLO again inside TLS. */
const CAPTURED_EHLO = {
  /** The answer to EHLO on the plain session, with a certificate configured: STARTTLS offered. */
  plain:
    '3235302d6d782e636f6e6e2d646f63746f722e746573742048656c6c6f205b3132372e302e302e315d205b3132372e302e302e315d0d0a3235302d53495a452035323432383830300d0a3235302d384249544d494d450d0a3235302d504950454c494e494e470d0a3235302d50495045434f4e4e4543540d0a3235302d4348554e4b494e470d0a3235302d5354415254544c530d0a3235302d534d5450555446380d0a3235302048454c500d0a',
  /** The answer to STARTTLS. */
  goAhead: '32323020544c5320676f2061686561640d0a',
  /** Inside TLS, with `auth_advertise_hosts` set to advertise AUTH only there: AUTH appears, STARTTLS is gone. */
  overTls:
    '3235302d6d782e636f6e6e2d646f63746f722e746573742048656c6c6f205b3132372e302e302e315d205b3132372e302e302e315d0d0a3235302d53495a452035323432383830300d0a3235302d384249544d494d450d0a3235302d504950454c494e494e470d0a3235302d50495045434f4e4e4543540d0a3235302d4155544820504c41494e204c4f47494e0d0a3235302d4348554e4b494e470d0a3235302d534d5450555446380d0a3235302048454c500d0a',
  /** `acl_smtp_helo` denying with a message of its own. */
  refused: '3535302048454c4f2f45484c4f207265667573656420666f72203132372e302e302e3120627920706f6c6963790d0a',
} as const;

const linesOf = (hex: string) => {
  const read = reply(hex);
  if (read.kind !== 'reply') throw new Error(read.kind);
  return read.lines;
};

describe('readEhloReply', () => {
  it("reads Exim's extensions before and inside TLS", () => {
    const plain = readEhloReply(linesOf(CAPTURED_EHLO.plain));
    expect(plain.greeting).toBe('mx.conn-doctor.test Hello [127.0.0.1] [127.0.0.1]');
    expect(plain.extensions.map((e) => e.keyword)).toEqual([
      'SIZE',
      '8BITMIME',
      'PIPELINING',
      'PIPECONNECT',
      'CHUNKING',
      'STARTTLS',
      'SMTPUTF8',
      'HELP',
    ]);
    expect(extensionOf(plain.extensions, 'SIZE')).toEqual({ keyword: 'SIZE', params: ['52428800'] });
    expect(extensionOf(plain.extensions, 'AUTH')).toBeNull();
    const overTls = readEhloReply(linesOf(CAPTURED_EHLO.overTls));
    expect(extensionOf(overTls.extensions, 'AUTH')).toEqual({ keyword: 'AUTH', params: ['PLAIN', 'LOGIN'] });
    expect(extensionOf(overTls.extensions, 'STARTTLS')).toBeNull();
    expect(reply(CAPTURED_EHLO.goAhead)).toMatchObject({ code: 220, lines: ['TLS go ahead'] });
    expect(reply(CAPTURED_EHLO.refused)).toMatchObject({
      code: 550,
      lines: ['HELO/EHLO refused for 127.0.0.1 by policy'],
    });
  });

  it('upper-cases keywords, merges an old-style AUTH= line into AUTH, and bounds the parameters', () => {
    const many = Array.from({ length: 20 }, (_, i) => `M${i}`).join(' ');
    const read = readEhloReply(['mx', 'starttls', 'AUTH PLAIN LOGIN', 'AUTH=LOGIN CRAM-MD5', `X-MANY ${many}`, '']);
    expect(read.extensions).toEqual([
      { keyword: 'STARTTLS', params: [] },
      { keyword: 'AUTH', params: ['PLAIN', 'LOGIN', 'CRAM-MD5'] },
      { keyword: 'X-MANY', params: Array.from({ length: 12 }, (_, i) => `M${i}`) },
    ]);
  });

  it('keeps control characters visible, as the reply reader made them', () => {
    const raw = Buffer.from('250-mx Hello\r\n250-X-EVIL \x1b[31mred\x07\r\n250 SIZE 1000\r\n', 'latin1');
    const read = readSmtpReply(raw);
    if (read.kind !== 'reply') throw new Error(read.kind);
    const ehlo = readEhloReply(read.lines);
    expect(ehlo.extensions[0]).toEqual({ keyword: 'X-EVIL', params: ['\\x1b[31mred\\x07'] });
    expect(JSON.stringify(ehlo)).not.toMatch(/[\x00-\x1f]/);
  });

  it('is bounded: a 250 reply of more lines than a reply may have is not an EHLO answer', () => {
    const long = `${Array.from({ length: 40 }, (_, i) => `250-X${i}\r\n`).join('')}250 END\r\n`;
    expect(readSmtpReply(Buffer.from(long))).toMatchObject({ kind: 'invalid' });
  });
});

describe('the EHLO name', () => {
  it("is this side's address literal (RFC 5321 §4.1.3)", () => {
    expect(addressLiteral('127.0.0.1')).toBe('[127.0.0.1]');
    expect(addressLiteral('::ffff:192.0.2.7')).toBe('[192.0.2.7]');
    expect(addressLiteral('2001:db8::7')).toBe('[IPv6:2001:db8::7]');
    expect(addressLiteral('fe80::1%eth0')).toBe('[IPv6:fe80::1]');
    expect(addressLiteral(null)).toBe('localhost');
    expect(helloCommand('EHLO', '[127.0.0.1]').toString('latin1')).toBe('EHLO [127.0.0.1]\r\n');
  });
});
