/**
 * Whether a MySQL/MariaDB login goes over TLS, as the URL's query asks, in the words its clients and drivers use:
 * `ssl-mode` (the mysql client's `--ssl-mode`, MySQL Shell and sqlx URLs), `sslMode` (Connector/J, MariaDB
 * Connector/J), `ssl_mode` (mysqlclient), `sslmode`; `useSSL` (Connector/J 5) and `ssl` (true/false); `tls`
 * (Go's driver: true, false, skip-verify, preferred). Keys are matched without case, `-` or `_`; values likewise.
 */
export type MysqlTlsMode =
  | /** Plain text only: no SSLRequest, even when the server offers TLS. */
  'disabled'
  /** TLS when the server offers it, plain text otherwise: every client's default. */
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
const MODE_VALUES: Readonly<Record<string, MysqlTlsMode>> = {
  disabled: 'disabled',
  disable: 'disabled',
  preferred: 'preferred',
  prefer: 'preferred',
  required: 'required',
  require: 'required',
  verifyca: 'verify',
  verifyidentity: 'verify',
  verifyfull: 'verify',
  trust: 'required',
};

/** `useSSL`, `ssl` and `tls`: yes or no, and Go's `skip-verify` / `preferred`. */
const SWITCH_VALUES: Readonly<Record<string, MysqlTlsMode>> = {
  false: 'disabled',
  '0': 'disabled',
  true: 'required',
  '1': 'required',
  skipverify: 'required',
  preferred: 'preferred',
};

/**
 * The TLS mode the query asks for; `preferred` when it names none, or a value this does not know (clients refuse
 * those; a diagnosis goes on as their default would).
 */
export function mysqlTlsMode(query: URLSearchParams): MysqlTlsMode {
  for (const [key, value] of query) {
    const name = fold(key);
    const table = name === 'sslmode' ? MODE_VALUES : ['usessl', 'ssl', 'tls'].includes(name) ? SWITCH_VALUES : null;
    const mode = table?.[fold(value)];
    if (mode) return mode;
  }
  return 'preferred';
}
