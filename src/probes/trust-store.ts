import { X509Certificate } from 'node:crypto';
import { open } from 'node:fs/promises';
import tls from 'node:tls';
import { errnoOf } from './socket-error.js';
import { visibleText } from './visible-bytes.js';

/** Where trusted CA certificates come from. */
export type TrustSourceKind =
  /** Node's bundled copy of Mozilla's store (`tls.rootCertificates`). */
  | 'node-bundled'
  /** The operating system's bundle file (Debian, RHEL, Alpine, macOS paths), as curl and OpenSSL use it. */
  | 'system-bundle'
  /** The file `NODE_EXTRA_CA_CERTS` names, which every Node client of the user adds. */
  | 'node-extra-ca-certs'
  /** The file given with `--ca`. */
  | 'ca-option';

/** One source, as loaded: shown in the report so a user sees which store decided. */
export interface TrustSource {
  kind: TrustSourceKind;
  /** The file read; null for the bundled store. */
  path: string | null;
  /** Certificates it contributed that no earlier source had. */
  added: number;
  /** Why the file gave nothing (`ENOENT`, `EACCES`, `no PEM certificate in the file`); null when it was read. */
  error: string | null;
}

/** The CA certificates a handshake trusts, in PEM, and where each group came from. */
export interface TrustStore {
  ca: string[];
  sources: TrustSource[];
}

/** Everything the assembly reads from the host, so a test can give its own. */
export interface TrustInputs {
  bundled: readonly string[];
  /** Candidate system bundles: those that exist are read, missing ones skipped silently. */
  systemBundles: readonly string[];
  /** `NODE_EXTRA_CA_CERTS`, or null when unset. */
  extraCaCerts: string | null;
  /** Reads at most `maxBytes` of a file as text; rejects with the fs error. */
  readText(path: string, maxBytes: number): Promise<string>;
}

/** The system bundles we know; Windows and the macOS keychain have no file, so there Node's bundle stands alone. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];
/** Debian's bundle is ~220 KB; this bounds a file someone pointed us at by mistake (a disk image, /dev/zero). */
const FILE_LIMIT = 4 * 1024 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** This machine's sources: Node's bundle, the known OS bundle paths, `NODE_EXTRA_CA_CERTS` from `env`. */
export function hostTrustInputs(env: NodeJS.ProcessEnv = process.env): TrustInputs {
  return {
    bundled: tls.rootCertificates,
    systemBundles: SYSTEM_BUNDLES,
    extraCaCerts: env.NODE_EXTRA_CA_CERTS || null,
    readText: readBounded,
  };
}

/**
 * Assembles what the user's clients trust. Giving `tls.connect` a `ca` list replaces Node's store instead of adding
 * to it, so the list is built whole: Node's bundled Mozilla store, the OS bundle (which is not the same store: a
 * corporate root installed with update-ca-certificates is only there), `NODE_EXTRA_CA_CERTS`, then `--ca`.
 * Duplicates are dropped, so each source's count says what it added. Never rejects: a file that cannot be read is
 * reported in its source and the rest still counts (the caller decides whether a bad `--ca` is a usage error).
 */
export async function loadTrustStore(
  caFile: string | null,
  inputs: TrustInputs = hostTrustInputs(),
): Promise<TrustStore> {
  const ca: string[] = [];
  const seen = new Set<string>();
  const sources: TrustSource[] = [];
  const add = (kind: TrustSourceKind, path: string | null, pems: readonly string[], error: string | null = null) => {
    let added = 0;
    for (const pem of pems) {
      const key = pem.replace(/-----[A-Z ]+-----|\s/g, '');
      if (seen.has(key)) continue;
      seen.add(key);
      ca.push(pem);
      added++;
    }
    sources.push({ kind, path: path === null ? null : visibleText(path), added, error });
  };
  /** The OS's bundle is kept by its package manager and is missing often; the user's own files are checked. */
  const addFile = async (kind: TrustSourceKind, path: string, systemFile: boolean) => {
    let text: string;
    try {
      text = await inputs.readText(path, FILE_LIMIT);
    } catch (error) {
      if (!(systemFile && errnoOf(error) === 'ENOENT')) add(kind, path, [], errnoOf(error));
      return;
    }
    const blocks = text.match(PEM_BLOCK) ?? [];
    // Node skips a block it cannot parse without a word; users should hear that their file is broken.
    const pems = systemFile ? blocks : blocks.filter(isCertificate);
    const broken = blocks.length - pems.length;
    const error =
      blocks.length === 0
        ? 'no PEM certificate in the file'
        : broken > 0
          ? `${broken} of ${blocks.length} certificates do not parse`
          : null;
    add(kind, path, pems, error);
  };

  add('node-bundled', null, inputs.bundled);
  for (const path of inputs.systemBundles) await addFile('system-bundle', path, true);
  if (inputs.extraCaCerts !== null) await addFile('node-extra-ca-certs', inputs.extraCaCerts, false);
  if (caFile !== null) await addFile('ca-option', caFile, false);
  return { ca, sources };
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** Reads at most `maxBytes` of a file; a certificate cut at the end fails the PEM match and is dropped. */
async function readBounded(path: string, maxBytes: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    let length = 0;
    while (length < maxBytes) {
      const { bytesRead } = await file.read(buffer, length, maxBytes - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.toString('latin1', 0, length);
  } finally {
    await file.close();
  }
}
