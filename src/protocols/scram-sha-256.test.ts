import { beforeAll, describe, expect, it } from 'vitest';
import { scramFinal, scramStart, scramVerified } from './scram-sha-256.js';
import { loadNodeCrypto } from './node-crypto.js';

// The password paths use node:crypto as the handshakes load it, before they connect.
beforeAll(loadNodeCrypto);

/** The exchange in RFC 7677 §3: user "user", password "pencil". */
const RFC_7677 = {
  clientNonce: 'rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('SCRAM-SHA-256', () => {
  it('reproduces RFC 7677’s exchange', () => {
    const start = scramStart('user', RFC_7677.clientNonce);
    expect(start.clientFirst).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const final = scramFinal(start, RFC_7677.serverFirst, 'pencil');
    expect(final).toEqual({ kind: 'final', clientFinal: RFC_7677.clientFinal, serverSignature: expect.any(String) });
    expect(final.kind === 'final' && scramVerified(RFC_7677.serverFinal, final.serverSignature)).toBe(true);
    expect(final.kind === 'final' && scramVerified('v=AAAA', final.serverSignature)).toBe(false);
  });

  it('refuses a server nonce that does not extend ours, and an iteration count past the bound', () => {
    const start = scramStart('', 'abc');
    expect(scramFinal(start, 'r=xyz1,s=AAAA,i=4096', 'pw')).toMatchObject({ kind: 'refused' });
    expect(scramFinal(start, 'r=abc,s=AAAA,i=4096', 'pw')).toMatchObject({ kind: 'refused' });
    expect(scramFinal(start, 'r=abcd,s=AAAA,i=100000000', 'pw')).toMatchObject({ kind: 'refused' });
    expect(scramFinal(start, 'r=abcd,i=4096', 'pw')).toMatchObject({ kind: 'refused' });
  });

  it('escapes = and , in the user name', () => {
    expect(scramStart('a=b,c', 'n').clientFirstBare).toBe('n=a=3Db=2Cc,r=n');
  });
});
