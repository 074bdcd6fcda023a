import { describe, expect, it } from 'vitest';
import { encodeCommand, readReply, replyAnswer } from './redis-wire.js';

/**
 * Captured from Redis 7.0 (Debian 12) on loopback, started as in ../shared/notes/real-servers.md with
 * `--requirepass` and `--maxclients 2`: a Node client wrote the commands noted and printed every byte back as hex.
 */
const CAPTURED = {
  /** PING without AUTH. */
  noauth: '2d4e4f415554482041757468656e7469636174696f6e2072657175697265642e0d0a',
  /** AUTH with a wrong password, then PING: WRONGPASS, then NOAUTH. */
  wrongpass:
    '2d57524f4e475041535320696e76616c696420757365726e616d652d70617373776f72642070616972206f7220757365722069732064697361626c65642e0d0a2d4e4f415554482041757468656e7469636174696f6e2072657175697265642e0d0a',
  /** AUTH with the right password, then PING. */
  ok: '2b4f4b0d0a2b504f4e470d0a',
  /** A third connection with two held: sent on accept, then the server closes. */
  maxclients: '2d455252206d6178206e756d626572206f6620636c69656e747320726561636865640d0a',
  /** AUTH to a server without a password, then PING. */
  authWithoutPassword:
    '2d4552522041555448203c70617373776f72643e2063616c6c656420776974686f757420616e792070617373776f726420636f6e6669677572656420666f72207468652064656661756c7420757365722e2041726520796f75207375726520796f757220636f6e66696775726174696f6e20697320636f72726563743f0d0a2b504f4e470d0a',
} as const;

function replies(hex: string) {
  let data = Buffer.from(hex, 'hex');
  const out = [];
  while (data.length > 0) {
    const read = readReply(data);
    if (read.kind !== 'reply') throw new Error(JSON.stringify(read));
    out.push(read.reply);
    data = data.subarray(read.size);
  }
  return out;
}

describe('RESP', () => {
  it('writes commands as arrays of bulk strings, whatever the arguments hold', () => {
    expect(encodeCommand(['PING']).toString('latin1')).toBe('*1\r\n$4\r\nPING\r\n');
    expect(encodeCommand(['AUTH', 'p w\r\n']).toString('latin1')).toBe('*2\r\n$4\r\nAUTH\r\n$5\r\np w\r\n\r\n');
  });

  it('reads the captured replies', () => {
    expect(replies(CAPTURED.noauth)).toEqual([
      { type: 'error', prefix: 'NOAUTH', message: 'Authentication required.' },
    ]);
    expect(replies(CAPTURED.wrongpass).map(replyAnswer)).toEqual(['-WRONGPASS', '-NOAUTH']);
    expect(replies(CAPTURED.ok)).toEqual([
      { type: 'simple', text: 'OK' },
      { type: 'simple', text: 'PONG' },
    ]);
    expect(replies(CAPTURED.maxclients)).toEqual([
      { type: 'error', prefix: 'ERR', message: 'max number of clients reached' },
    ]);
    expect(replies(CAPTURED.authWithoutPassword)[0]).toMatchObject({
      type: 'error',
      prefix: 'ERR',
      message: expect.stringMatching(/^AUTH <password> called without any password configured/),
    });
  });

  it('reads integers, bulk strings, nulls and nested arrays', () => {
    const read = readReply(Buffer.from('*3\r\n:42\r\n$4\r\nhe\x1bo\r\n*2\r\n$-1\r\n+x\r\n'));
    expect(read).toEqual({
      kind: 'reply',
      size: 32,
      reply: {
        type: 'array',
        items: [
          { type: 'integer', value: 42 },
          { type: 'bulk', text: 'he\\x1bo' },
          {
            type: 'array',
            items: [
              { type: 'bulk', text: null },
              { type: 'simple', text: 'x' },
            ],
          },
        ],
      },
    });
  });

  it('waits for a reply cut anywhere, and refuses what is not RESP', () => {
    const whole = Buffer.from(CAPTURED.noauth, 'hex');
    for (const cut of [0, 1, 10, whole.length - 1])
      expect(readReply(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    expect(readReply(Buffer.from('$5\r\nab'))).toEqual({ kind: 'incomplete' });
    expect(readReply(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readReply(Buffer.from('$99999999\r\n'))).toMatchObject({ kind: 'invalid' });
  });
});
