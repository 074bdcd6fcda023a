/**
 * Whether a MySQL/MariaDB login goes over TLS, as the URL's query asks, in the words its clients and drivers use:
 * - `ssl-mode` (the mysql client's `--ssl-mode`, MySQL Shell and sqlx URLs), `sslMode` (MySQL Connector/J 8.0.13 and
 *   later; MariaDB Connector/J 3.x: `disable`, `trust`, `verify-ca`, `verify-full`), `ssl_mode` (mysqlclient),
 *   `sslmode`;
 * - `useSSL` (MySQL Connector/J before 8.0.13) and `useSsl` (MariaDB Connector/J 2.x): true/false, read as
 *   `required`, since whether those verify the certificate depends on other settings;
 * - `tls`, Go's go-sql-driver/mysql: `false` or `0` (its default), `true` or `1` (verifies the certificate and the
 *   host name), `skip-verify`, `preferred`; a name registered with `mysql.RegisterTLSConfig` is not known here;
 * - `ssl`, as Node's mysql2 reads it, JSON first: `{}` or any object is TLS with the certificate verified (its
 *   `rejectUnauthorized` defaults to true), `{"rejectUnauthorized":false}` TLS without; `false`, `0`, `null` no TLS;
 *   the string `Amazon RDS` is its (deprecated) profile of RDS's CAs, verified. `true` or `1` there make mysql2 throw,
 *   but other URL readers take them as yes, so this does too.
 * Keys are matched without case, `-` or `_`; plain values likewise, but Go's `tls`, which is read exactly as Go reads it.
 */
export type MysqlTlsMode =
  | /** Plain text only: no SSLRequest, even when the server offers TLS. */
  'disabled'
  /** TLS when the server offers it, plain text otherwise: the mysql client's default. */
  | 'preferred'
  /** TLS or nothing: a server without TLS is where the diagnosis ends. */
  | 'required'
  /**
   * TLS or nothing, with the server's certificate verified by the client (VERIFY_CA, VERIFY_IDENTITY). conn-doctor's
   * upgrade does not verify it: it sends no password in clear inside that TLS, and never calls the login certain.
   */
  | 'verify';

const fold = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');

/** `ssl-mode` and its spellings: DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY (and libpq's, MariaDB's). */
const MODE_VALUES: ReadonlyMap<string, MysqlTlsMode> = new Map([
  ['disabled', 'disabled'],
  ['disable', 'disabled'],
  ['preferred', 'preferred'],
  ['prefer', 'preferred'],
  ['required', 'required'],
  ['require', 'required'],
  ['verifyca', 'verify'],
  ['verifyidentity', 'verify'],
  ['verifyfull', 'verify'],
  ['trust', 'required'],
]);

/** `useSSL` and `ssl`: yes or no. */
const SWITCH_VALUES: ReadonlyMap<string, MysqlTlsMode> = new Map([
  ['false', 'disabled'],
  ['0', 'disabled'],
  ['true', 'required'],
  ['1', 'required'],
]);

/**
 * Go's `tls`, read as its dsn.go does: first as its readBool (these eight spellings exactly; `true` verifies, as its
 * README says), then `skip-verify` and `preferred` in any case; any other value names a registered config.
 */
const GO_TLS_BOOLS: ReadonlyMap<string, MysqlTlsMode> = new Map([
  ['1', 'verify'],
  ['true', 'verify'],
  ['TRUE', 'verify'],
  ['True', 'verify'],
  ['0', 'disabled'],
  ['false', 'disabled'],
  ['FALSE', 'disabled'],
  ['False', 'disabled'],
]);
const GO_TLS_NAMES: ReadonlyMap<string, MysqlTlsMode> = new Map([
  ['skip-verify', 'required'],
  ['preferred', 'preferred'],
]);

function goTls(value: string): MysqlTlsMode | undefined {
  return GO_TLS_BOOLS.get(value) ?? GO_TLS_NAMES.get(value.toLowerCase());
}

/** mysql2's `ssl`, read as JSON when it parses: an object is TLS, verified unless `rejectUnauthorized` is false. */
function mysql2Ssl(value: string): MysqlTlsMode | null {
  let parsed: unknown = value;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not JSON: mysql2 takes it as a profile's name.
  }
  if (parsed === null) return 'disabled';
  if (typeof parsed === 'object') {
    return (parsed as { rejectUnauthorized?: unknown }).rejectUnauthorized === false ? 'required' : 'verify';
  }
  if (parsed === 'Amazon RDS') return 'verify';
  return SWITCH_VALUES.get(fold(String(parsed))) ?? null;
}

/**
 * The TLS mode the query names, or null when it names none, or only values this does not know (clients refuse
 * those): a diagnosis then goes on as the mysql client's default, `preferred`, would.
 */
export function mysqlTlsMode(query: URLSearchParams): MysqlTlsMode | null {
  for (const [key, value] of query) {
    const name = fold(key);
    const mode =
      name === 'sslmode'
        ? MODE_VALUES.get(fold(value))
        : name === 'usessl'
          ? SWITCH_VALUES.get(fold(value))
          : name === 'tls'
            ? goTls(value)
            : name === 'ssl'
              ? mysql2Ssl(value)
              : undefined;
    if (mode) return mode;
  }
  return null;
}
