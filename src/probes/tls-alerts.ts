/** TLS alert descriptions by number (RFC 8446 §6 and the registry's older entries), as the RFCs spell them. */
const TLS_ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** The RFC name of a TLS alert (`handshake_failure`), or null for a number the registry does not know. */
export function tlsAlertName(alert: number): string | null {
  return TLS_ALERTS[alert] ?? null;
}

const ALERT_NAMES = new Set(Object.values(TLS_ALERTS));

/**
 * The RFC name of the alert a Node error code carries (`ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE` → `bad_certificate`),
 * or null when the code names none we know. For an error whose message lacks the alert's number.
 */
export function tlsAlertNameInCode(code: string): string | null {
  const name = /_ALERT_([A-Z_]+)$/.exec(code)?.[1]?.toLowerCase();
  return name !== undefined && ALERT_NAMES.has(name) ? name : null;
}
