import { describe, expect, it } from 'vitest';
import { CAPTURED } from './postgres-captured.test-helper.js';
import { postgresFromIdentification, postgresIdentificationFollowUp } from './postgres-handshake.js';
import { startupMessage } from './postgres-wire.js';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('the StartupMessage that follows identification’s SSLRequest', () => {
  it('goes out after N only, and is the placeholder’s, as the handshake would send it', () => {
    const sent = postgresIdentificationFollowUp.after(Buffer.from('N'));
    expect(sent).toEqual(
      startupMessage({ user: 'conn_doctor', database: 'conn_doctor', application_name: 'conn-doctor' }),
    );
    // After S the upgrade is the handshake's to do; any other reply is not an answer to the SSLRequest.
    expect(postgresIdentificationFollowUp.after(Buffer.from('S'))).toBeNull();
    expect(postgresIdentificationFollowUp.after(Buffer.from('NN'))).toBeNull();
  });

  it('calls a whole answer complete, and a cut one not yet', () => {
    const refusal = bytes(CAPTURED.noHbaEntry);
    expect(postgresIdentificationFollowUp.complete(refusal)).toEqual({ farewell: null });
    for (const cut of [0, 1, 5, refusal.length - 1]) {
      expect(postgresIdentificationFollowUp.complete(refusal.subarray(0, cut))).toBeNull();
    }
    // A session that opened (trust) is ended with Terminate, as the handshake ends one.
    expect(postgresIdentificationFollowUp.complete(bytes(CAPTURED.session))).toEqual({
      farewell: Buffer.from('5800000004', 'hex'),
    });
  });

  it('reads the answer as the handshake would, over no TLS (the server said N)', () => {
    expect(postgresFromIdentification(bytes(CAPTURED.noHbaEntry))).toMatchObject({
      kind: 'answered',
      tls: 'refused',
      reason: 'server-rejects-client',
      answer: { kind: 'error', hbaEncryption: 'none', passwordSent: false, error: { code: '28000' } },
    });
    expect(postgresFromIdentification(bytes(CAPTURED.sasl))).toMatchObject({
      kind: 'answered',
      answer: { kind: 'authentication-request', method: 'sasl', passwordUntested: 'not-given' },
    });
    expect(postgresFromIdentification(bytes(CAPTURED.tooManyClients))).toMatchObject({
      reason: 'server-connection-limit',
    });
  });

  it('gives nothing for bytes that are not a whole answer: the handshake then connects on its own', () => {
    expect(postgresFromIdentification(Buffer.alloc(0))).toBeNull();
    expect(postgresFromIdentification(bytes(CAPTURED.noHbaEntry).subarray(0, 40))).toBeNull();
    expect(postgresFromIdentification(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBeNull();
  });
});
