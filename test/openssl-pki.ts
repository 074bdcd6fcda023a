import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, in PEM, with the paths of their files. */
export interface Issued {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

/** Certificates for TLS tests, made by the system's `openssl` in a temporary folder. */
export interface TestPki {
  dir: string;
  ca: Issued;
  /** For `localhost` and `127.0.0.1`, issued by `ca`. */
  leaf: Issued;
  /** Its own issuer, for `localhost` and `127.0.0.1`. */
  selfSigned: Issued;
  /** Issued by `ca`, valid January 2020 only. */
  expired: Issued;
  /** Issued by `ca`, valid from 2099 on. */
  notYetValid: Issued;
  /** Issued by `ca` for `other.test` only. */
  wrongName: Issued;
  /** A client certificate issued by `ca`. */
  client: Issued;
  remove(): void;
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const LOCAL_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

/**
 * Makes a CA and the certificates the TLS tests need. OpenSSL 3.0's `req` and `x509` only take `-days` (no
 * negative values, no `-not_before` before 3.4), so the dated ones go through `openssl ca`, whose
 * `-startdate`/`-enddate` take any instant. Argument arrays only: no shell.
 */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-pki-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const issued = (name: string): Issued => ({
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    certPath: join(dir, `${name}.crt`),
    keyPath: join(dir, `${name}.key`),
  });
  const bySubject = (name: string, subject: string, extensions: string[], signer: string[]) => {
    const ext = extensions.flatMap((e) => ['-addext', e]);
    run([
      'req',
      '-x509',
      ...signer,
      ...KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      subject,
      ...ext,
    ]);
    return issued(name);
  };
  const byCa = ['-CA', 'ca.crt', '-CAkey', 'ca.key'];

  const ca = bySubject(
    'ca',
    '/CN=conn-doctor test CA',
    ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
    [],
  );
  const leaf = bySubject('leaf', '/CN=localhost', [LOCAL_NAMES, 'basicConstraints=CA:FALSE'], byCa);
  const selfSigned = bySubject('self', '/CN=localhost', [LOCAL_NAMES], []);
  const wrongName = bySubject(
    'wrong',
    '/CN=other.test',
    ['subjectAltName=DNS:other.test', 'basicConstraints=CA:FALSE'],
    byCa,
  );
  const client = bySubject('client', '/CN=conn-doctor client', ['basicConstraints=CA:FALSE'], byCa);

  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      'database = index.txt',
      'serial = serial',
      'new_certs_dir = .',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = copy',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const dated = (name: string, start: string, end: string) => {
    run([
      'req',
      ...KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      '/CN=localhost',
      '-addext',
      LOCAL_NAMES,
    ]);
    run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.crt',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-startdate',
      start,
      '-enddate',
      end,
      '-notext',
    ]);
    return issued(name);
  };
  const expired = dated('expired', '20200101000000Z', '20200201000000Z');
  const notYetValid = dated('future', '20990101000000Z', '20991231000000Z');

  return {
    dir,
    ca,
    leaf,
    selfSigned,
    expired,
    notYetValid,
    wrongName,
    client,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
