import { describe, expect, it } from 'vitest';
import { readSmtpReply } from './smtp-wire.js';

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
