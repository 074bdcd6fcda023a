import { makeCertificate, type CertificateRequest, type IssuedCertificate } from './make-certificate.js';

/** A private key and the certificate chain that goes with it, leaf first: what a TLS peer presents. */
export interface KeyAndChain {
  /** PKCS#8 PEM. */
  key: string;
  /** PEM certificates, leaf first, then the intermediates the peer sends. */
  cert: string;
}

/** The lab's certificate authority and one server identity per certificate fault. */
export interface LabPki {
  /** The root CA certificate (PEM): what conn-doctor is given with `--ca`. */
  rootCa: string;
  /** The intermediate CA certificate (PEM), which signs every leaf but the self-signed one. */
  intermediateCa: string;
  /** Valid for localhost, 127.0.0.1 and ::1, sent with its intermediate: verifies against the root. */
  good: KeyAndChain;
  /** Signs itself: no CA vouches for it. */
  selfSigned: KeyAndChain;
  /** notAfter in the past, chain complete. */
  expired: KeyAndChain;
  /** notBefore in the future, chain complete. */
  notYetValid: KeyAndChain;
  /** Valid and chained, but only for other.lab.test. */
  wrongName: KeyAndChain;
  /** The good leaf without its intermediate: a client holding only the root cannot link them. */
  missingIntermediate: KeyAndChain;
  /** A client certificate (clientAuth) signed by the root, for the mTLS servers. */
  client: KeyAndChain;
}

const hour = 3600_000;
const day = 24 * hour;
const organization = 'conn-doctor fault lab';
const serverNames = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] };

/**
 * Makes a fresh PKI: new keys each time, so nothing secret ships with the package. Valid ones start an
 * hour ago (clock skew) and last long enough for any lab run; the root outlives 2050, so its notAfter
 * is a GeneralizedTime.
 */
export function makeLabPki(now = new Date()): LabPki {
  const at = (offset: number) => new Date(now.getTime() + offset);
  const valid = { notBefore: at(-hour), notAfter: at(30 * day) };
  const root = makeCertificate({
    subject: { commonName: 'conn-doctor lab root CA', organization },
    notBefore: at(-hour),
    notAfter: at(30 * 365 * day),
    ca: true,
  });
  const intermediate = makeCertificate({
    subject: { commonName: 'conn-doctor lab intermediate CA', organization },
    notBefore: at(-hour),
    notAfter: at(5 * 365 * day),
    ca: true,
    pathLength: 0,
    issuer: root,
  });
  const leaf = (request: Partial<CertificateRequest>) =>
    makeCertificate({
      subject: { commonName: 'localhost', organization },
      ...valid,
      purposes: ['serverAuth'],
      ...serverNames,
      issuer: intermediate,
      ...request,
    });
  const good = leaf({});
  const chained = (certificate: IssuedCertificate) => ({
    key: certificate.key,
    cert: certificate.cert + intermediate.cert,
  });
  const client = makeCertificate({
    subject: { commonName: 'conn-doctor lab client', organization },
    ...valid,
    purposes: ['clientAuth'],
    issuer: root,
  });
  return {
    rootCa: root.cert,
    intermediateCa: intermediate.cert,
    good: chained(good),
    selfSigned: alone(leaf({ issuer: undefined })),
    expired: chained(leaf({ notBefore: at(-30 * day), notAfter: at(-day) })),
    notYetValid: chained(leaf({ notBefore: at(day), notAfter: at(31 * day) })),
    wrongName: chained(
      leaf({ subject: { commonName: 'other.lab.test', organization }, dnsNames: ['other.lab.test'], ipAddresses: [] }),
    ),
    missingIntermediate: alone(good),
    client: alone(client),
  };
}

function alone(certificate: IssuedCertificate): KeyAndChain {
  return { key: certificate.key, cert: certificate.cert };
}
