/**
 * libpq's keyword/value connection strings (`host=db port=5432 user=app dbname=shop sslmode=require`), as
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING describes them and fe-connect.c's
 * conninfo_parse reads them: pairs separated by whitespace, spaces allowed around `=`, a value in single quotes when
 * it is empty or holds spaces, and `\'` and `\\` for a quote or a backslash, quoted or not. Pure text in, pairs out;
 * what they mean for a target is parse-target.ts's business.
 */

/** The keywords libpq knows (PostgreSQL 17), so that a typo is refused as libpq refuses it. */
const KEYWORDS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'require_auth',
  'channel_binding',
  'connect_timeout',
  'client_encoding',
  'options',
  'application_name',
  'fallback_application_name',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
  'replication',
  'gssencmode',
  'sslmode',
  'sslnegotiation',
  'requiressl',
  'sslcompression',
  'sslcert',
  'sslkey',
  'sslpassword',
  'sslcertmode',
  'sslrootcert',
  'sslcrl',
  'sslcrldir',
  'sslsni',
  'requirepeer',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'krbsrvname',
  'gsslib',
  'gssdelegation',
  'service',
  'target_session_attrs',
  'load_balance_hosts',
]);

/** Keywords whose values are secrets: never shown, never quoted in a message. */
const SECRETS = new Set(['password', 'sslpassword']);

/** Whether the text reads as a keyword/value string rather than a URL or host: it starts with `keyword =`. */
export function looksLikeConninfo(text: string): boolean {
  return /^\s*[a-z_]+\s*=/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());
}

export type Conninfo = { ok: true; values: ReadonlyMap<string, string> } | { ok: false; error: string };

/**
 * The pairs of a keyword/value string. Keywords are taken as typed: libpq knows them in lower case only and refuses
 * any other as unknown, and so does this. A later pair overrides an earlier one, as in libpq. Messages quote a
 * keyword only before any password pair: after one, a "keyword" may be the rest of an unquoted password with a space.
 */
export function parseConninfo(text: string): Conninfo {
  const values = new Map<string, string>();
  let at = 0;
  const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
  let secretSeen = false;
  const named = (keyword: string) => (secretSeen ? 'a keyword' : quote(keyword));
  while (at < text.length) {
    while (isSpace(text[at])) at++;
    if (at >= text.length) break;
    const keyStart = at;
    while (at < text.length && text[at] !== '=' && !isSpace(text[at])) at++;
    const keyword = text.slice(keyStart, at);
    while (isSpace(text[at])) at++;
    if (text[at] !== '=')
      return fail(`missing "=" after ${named(keyword)} in the connection string (quote a value with spaces: 'a b')`);
    at++;
    while (isSpace(text[at])) at++;
    let value = '';
    if (text[at] === "'") {
      at++;
      let closed = false;
      while (at < text.length) {
        const char = text[at]!;
        if (char === '\\' && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
        } else if (char === "'") {
          at++;
          closed = true;
          break;
        } else {
          value += char;
          at++;
        }
      }
      if (!closed) return fail(`unterminated quoted value of ${named(keyword)} in the connection string`);
    } else {
      while (at < text.length && !isSpace(text[at])) {
        if (text[at] === '\\' && at + 1 < text.length) at++;
        value += text[at];
        at++;
      }
    }
    if (!KEYWORDS.has(keyword)) return fail(`unknown connection option ${named(keyword)} in the connection string`);
    values.set(keyword, value);
    if (SECRETS.has(keyword)) secretSeen = true;
  }
  if (values.size === 0) return fail('empty connection string');
  return { ok: true, values };
}

/** The string again with the password's value as `***`: what reports and screens show. */
export function shownConninfo(values: ReadonlyMap<string, string>): string {
  return [...values]
    .map(([keyword, value]) => `${keyword}=${SECRETS.has(keyword) ? '***' : quoteValue(value)}`)
    .join(' ');
}

function quoteValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value;
  return `'${value.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

function quote(keyword: string): string {
  return JSON.stringify(keyword.length > 40 ? `${keyword.slice(0, 40)}…` : keyword);
}

function fail(error: string): Conninfo {
  return { ok: false, error };
}
