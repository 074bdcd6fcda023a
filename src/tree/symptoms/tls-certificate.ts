import { curl, curlGate, type SymptomPattern } from './pattern-kit.js';

/** TLS certificate rejections, before TLS errors: they are usually wrapped in a generic handshake exception. */
export const certificatePatterns: readonly SymptomPattern[] = [
  { pattern: curl(60, 'PEER_FAILED_VERIFICATION'), gate: curlGate, id: 'tls-certificate', source: 'curl exit 60' },
  { pattern: curl(51, 'SSL_PEER_CERTIFICATE'), gate: curlGate, id: 'tls-certificate', source: 'curl exit 51' },
  {
    pattern: /SSL certificate problem|no alternative certificate subject name matches/i,
    id: 'tls-certificate',
    source: 'curl exit 60',
  },
  {
    pattern:
      /\b(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)\b/,
    id: 'tls-certificate',
    source: 'Node.js {code}',
  },
  { pattern: /\bx509: /, id: 'tls-certificate', source: 'Go crypto/x509' },
  {
    pattern: /CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError|CertificateError: hostname/,
    id: 'tls-certificate',
    source: 'Python ssl certificate verification',
  },
  {
    pattern:
      /PKIX path (?:building|validation) failed|unable to find valid certification path|Certificate(?:Expired|NotYetValid)Exception|No subject alternative (?:DNS )?names?|No name matching \S+ found/i,
    id: 'tls-certificate',
    source: 'Java certificate check (PKIX)',
  },
  { pattern: /\b(ERR_CERT_\w+)/, id: 'tls-certificate', source: 'Chrome {code}' },
  {
    pattern:
      /\b(SEC_ERROR_(?:UNKNOWN_ISSUER|UNTRUSTED_ISSUER|UNTRUSTED_CERT|EXPIRED_CERTIFICATE|EXPIRED_ISSUER_CERTIFICATE)|SSL_ERROR_BAD_CERT_DOMAIN|MOZILLA_PKIX_ERROR_\w+)/,
    id: 'tls-certificate',
    source: 'Firefox {code}',
  },
  {
    pattern: /remote certificate is invalid|RemoteCertificate(?:NameMismatch|ChainErrors)/i,
    id: 'tls-certificate',
    source: '.NET certificate validation',
  },
  {
    pattern: /\b(SEC_E_UNTRUSTED_ROOT|SEC_E_CERT_EXPIRED|CERT_E_\w+)/,
    id: 'tls-certificate',
    source: 'Windows Schannel {code}',
  },
  {
    pattern:
      /certificate verify failed|certificate has expired|self[- ]signed certificate|unable to get local issuer certificate|unable to verify the first certificate|does not match certificate's altnames/i,
    id: 'tls-certificate',
    source: 'OpenSSL certificate verification',
  },
];
