import { describe, expect, it } from 'vitest';
import { alertOf } from './tls-failure.js';

/** An error shaped as Node hands a failed handshake over: OpenSSL's code and message, with its reason apart. */
function opensslError(code: string, message: string, reason?: string) {
  return Object.assign(new Error(message), { code, ...(reason === undefined ? {} : { reason }) });
}

describe('alertOf: the same alert, however the runtime spells it', () => {
  it.each([
    // Node 20 (OpenSSL 3.0) and Node 22/24 (OpenSSL 3.5) for the same handshake_failure alert.
    [
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      'C0F7:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n',
      40,
      'handshake_failure',
    ],
    [
      'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE',
      'C0F7:error:0A000410:SSL routines:ssl3_read_bytes:ssl/tls alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 40\n',
      40,
      'handshake_failure',
    ],
    [
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'tlsv1 alert protocol version: SSL alert number 70',
      70,
      'protocol_version',
    ],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'tlsv13 alert certificate required: SSL alert number 116',
      116,
      'certificate_required',
    ],
  ])('%s: alert %i, %s', (code, message, number, description) => {
    expect(alertOf(opensslError(code, message))).toEqual({ code, number, description });
  });

  it.each([
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'bad_certificate'],
    ['ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'bad_certificate'],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'unknown_ca'],
  ])('knows %s as an alert by its code alone, and names it %s', (code, description) => {
    expect(alertOf(opensslError(code, 'no number in this message'))).toEqual({ code, number: null, description });
  });

  it("keeps OpenSSL's words when the code names no alert we know", () => {
    const error = opensslError('ERR_SSL_SSL/TLS_ALERT_SOMETHING_NEW', 'ssl/tls alert something new', 'something new');
    expect(alertOf(error)).toEqual({
      code: 'ERR_SSL_SSL/TLS_ALERT_SOMETHING_NEW',
      number: null,
      description: 'something new',
    });
  });

  it('is null for errors that are not alerts', () => {
    expect(alertOf(opensslError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'))).toBeNull();
    expect(alertOf(opensslError('ECONNRESET', 'read ECONNRESET'))).toBeNull();
    expect(alertOf(null)).toBeNull();
  });
});
