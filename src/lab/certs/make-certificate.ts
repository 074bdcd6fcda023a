import crypto, { type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  ia5Bytes,
  implicitPrimitive,
  integer,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';
import { ipAddressBytes } from './ip-address-bytes.js';

/** The name attributes the lab puts in a subject or issuer. */
export interface DistinguishedName {
  /** CN. */
  commonName: string;
  /** O. */
  organization?: string;
}

/** An extended key usage the lab's certificates can carry. */
export type KeyPurpose = 'serverAuth' | 'clientAuth';

/** What to certify. Dates are kept to the second; names go into subjectAltName. */
export interface CertificateRequest {
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** A CA may sign certificates (basicConstraints cA, keyCertSign); otherwise an end entity. */
  ca?: boolean;
  /** For a CA: how many CAs may follow it in a chain. */
  pathLength?: number;
  /** extendedKeyUsage; left out when empty. */
  purposes?: readonly KeyPurpose[];
  /** subjectAltName dNSName entries. */
  dnsNames?: readonly string[];
  /** subjectAltName iPAddress entries, v4 or v6. */
  ipAddresses?: readonly string[];
  /** Defaults to 16 random bytes, positive, as CAs do since serials had to become unpredictable. */
  serial?: bigint;
  /** The CA that signs it; self-signed when absent. */
  issuer?: IssuedCertificate;
}

/** A certificate with its own key: what a server presents, or a CA that signs others. */
export interface IssuedCertificate {
  /** The certificate, PEM. */
  cert: string;
  /** Its private key, PKCS#8 PEM. */
  key: string;
  /** Its subject: the issuer name of certificates it signs. */
  subject: DistinguishedName;
  /** Its private key, to sign certificates it issues. */
  privateKey: KeyObject;
  /** Its subjectKeyIdentifier: the authorityKeyIdentifier of certificates it signs. */
  keyId: Buffer;
}

const oids = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
const usage = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

/**
 * An X.509 v3 certificate for a new ECDSA P-256 key, signed with ECDSA-SHA256 by `request.issuer`
 * (or by itself). Pure Node: the lab runs on users' machines, where no openssl binary may exist.
 */
export function makeCertificate(request: CertificateRequest): IssuedCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyId = subjectKeyId(publicKey);
  const signer = request.issuer ?? { subject: request.subject, privateKey, keyId };
  const signatureAlgorithm = sequence(oid(oids.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(request.serial ?? randomSerial()),
    signatureAlgorithm,
    name(signer.subject),
    sequence(time(request.notBefore), time(request.notAfter)),
    name(request.subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions(request, keyId, signer.keyId))),
  );
  // crypto.sign gives ECDSA's DER Ecdsa-Sig-Value by default, which is what X.509 carries.
  const signature = crypto.sign('sha256', tbs, signer.privateKey);
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    subject: request.subject,
    privateKey,
    keyId,
  };
}

function extensions(request: CertificateRequest, keyId: Buffer, authorityKeyId: Buffer): Buffer[] {
  const ca = request.ca ?? false;
  const constraints = ca
    ? sequence(boolean(true), ...(request.pathLength === undefined ? [] : [integer(request.pathLength)]))
    : sequence(); // cA defaults to FALSE, and DER leaves defaults out.
  const bits = ca ? [usage.digitalSignature, usage.keyCertSign, usage.cRLSign] : [usage.digitalSignature];
  const found = [
    extension(oids.basicConstraints, constraints, true),
    extension(oids.keyUsage, namedBits(bits), true),
    extension(oids.subjectKeyIdentifier, octetString(keyId)),
    extension(oids.authorityKeyIdentifier, sequence(implicitPrimitive(0, authorityKeyId))),
  ];
  const purposes = request.purposes ?? [];
  if (purposes.length > 0) found.push(extension(oids.extKeyUsage, sequence(...purposes.map((p) => oid(oids[p])))));
  const altNames = [
    ...(request.dnsNames ?? []).map((dns) => implicitPrimitive(2, ia5Bytes(dns))),
    ...(request.ipAddresses ?? []).map((ip) => implicitPrimitive(7, ipAddressBytes(ip))),
  ];
  if (altNames.length > 0) found.push(extension(oids.subjectAltName, sequence(...altNames)));
  return found;
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function name({ commonName, organization }: DistinguishedName): Buffer {
  const attribute = (id: string, value: string) => set(sequence(oid(id), utf8String(value)));
  return sequence(
    ...(organization === undefined ? [] : [attribute(oids.organization, organization)]),
    attribute(oids.commonName, commonName),
  );
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the public key's bits (for P-256, the uncompressed point). */
function subjectKeyId(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  const coordinate = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
  const point = Buffer.concat([Buffer.of(4), coordinate(jwk.x), coordinate(jwk.y)]);
  return crypto.createHash('sha1').update(point).digest();
}

function randomSerial(): bigint {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive, and never zero
  return BigInt(`0x${bytes.toString('hex')}`);
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
