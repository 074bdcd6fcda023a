import { describe, expect, it } from 'vitest';
import { linesOf, readIdentification } from './ssh-wire.js';

/**
 * Captured from OpenSSH 9.2 (Debian 12) on loopback, started as in ../shared/notes/real-servers.md with
 * `MaxStartups 1:100:1`: a Node client connected, sent nothing, and printed every byte as hex.
 */
const CAPTURED = {
  banner: '5353482d322e302d4f70656e5353485f392e3270312044656269616e2d322b64656231327531300d0a',
  /** With one unauthenticated connection held: this line, then a close. */
  maxStartups: '4578636565646564204d617853746172747570730d0a',
} as const;

describe('readIdentification', () => {
  it('reads the captured identification line', () => {
    const bytes = Buffer.from(CAPTURED.banner, 'hex');
    expect(readIdentification(bytes)).toEqual({
      kind: 'identification',
      identification: { protoVersion: '2.0', softwareVersion: 'OpenSSH_9.2p1', comments: 'Debian-2+deb12u10' },
      linesBefore: [],
      size: bytes.length,
    });
  });

  it('keeps the lines allowed before it, and tolerates a bare LF', () => {
    const read = readIdentification(Buffer.from('Welcome\r\nto \x1b[31mhost\r\nSSH-1.99-Cisco-1.25\n'));
    expect(read).toMatchObject({
      kind: 'identification',
      identification: { protoVersion: '1.99', softwareVersion: 'Cisco-1.25', comments: null },
      linesBefore: ['Welcome', 'to \\x1b[31mhost'],
    });
  });

  it('reads sshd’s MaxStartups line as a line, still waiting for an identification', () => {
    const bytes = Buffer.from(CAPTURED.maxStartups, 'hex');
    expect(readIdentification(bytes)).toEqual({ kind: 'incomplete', lines: ['Exceeded MaxStartups'] });
    expect(linesOf(bytes)).toEqual(['Exceeded MaxStartups']);
    expect(linesOf(Buffer.from('partial'))).toEqual(['partial']);
    expect(linesOf(Buffer.alloc(0))).toEqual([]);
  });

  it('waits for an identification cut anywhere', () => {
    const whole = Buffer.from(CAPTURED.banner, 'hex');
    for (const cut of [0, 3, 4, 20, whole.length - 1]) {
      expect(readIdentification(whole.subarray(0, cut))).toMatchObject({ kind: 'incomplete' });
    }
  });

  it('refuses an identification past 255 bytes, a malformed one, and endless lines', () => {
    expect(readIdentification(Buffer.from(`SSH-2.0-${'x'.repeat(260)}`))).toMatchObject({ kind: 'invalid' });
    expect(readIdentification(Buffer.from(`SSH-2.0-${'x'.repeat(250)}\r\n`))).toMatchObject({ kind: 'invalid' });
    expect(readIdentification(Buffer.from('SSH-2.0\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readIdentification(Buffer.from('line\r\n'.repeat(21)))).toMatchObject({ kind: 'invalid' });
    expect(readIdentification(Buffer.from('x'.repeat(1025)))).toMatchObject({ kind: 'invalid' });
    expect(readIdentification(Buffer.from('0000000804d2162f', 'hex'))).toMatchObject({ kind: 'invalid' });
  });
});
