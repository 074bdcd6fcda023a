/**
 * The one place that knows what a secret looks like: secret names (headers, `name=value` pairs, query
 * parameters), URL user info, token-shaped path segments and token shapes, and the functions that hide them in
 * headers, pasted text and URLs. Every layer shows secrets through here, so it imports nothing of ours.
 */

/** What a secret value is replaced with in headers and pasted text. */
export const REDACTED = '[redacted]';

/** What hidden credentials read as in a URL shown as a target or a proxy: the mark `Target.input` uses too. */
export const HIDDEN = '***';

/** Headers that carry credentials by definition. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'set-cookie2']);

/**
 * Vendor headers that carry credentials by convention (`X-Api-Key`, `X-Auth-Token`, `X-Amz-Security-Token`,
 * `Private-Token`, `Ocp-Apim-Subscription-Key`, `X-Session-Id`, …): matched on whole words of the name, so
 * `WWW-Authenticate` (a challenge, useful evidence) and `Sec-WebSocket-Key` (a nonce) are kept.
 */
const SECRET_WORD = 'token|secret|password|passwd|pwd|credentials?|session(?:[-_]?id)?|auth';
const SECRET_KEY = '(?:api|access|auth|private|subscription)[-_]?key';
const SECRET_NAME = new RegExp(`(?:^|[-_])(?:${SECRET_WORD}|${SECRET_KEY})(?:$|[-_])`, 'i');

/**
 * The value of a header as it may be shown or reported: `[redacted]` for headers that carry secrets, otherwise
 * the value with the user info of any URL in it hidden (a `Location` that echoes credentials back). Names compare
 * case-insensitively.
 */
export function redactHeader(name: string, value: string): string {
  const lower = name.trim().toLowerCase();
  if (SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower)) return REDACTED;
  return value.includes('://') ? value.replace(URL_IN_TEXT, shownUrl) : value;
}

/** A URL inside a header or pasted text: its user info `[redacted]`, its secret query values and tokens `***`. */
function shownUrl(url: string): string {
  const hidden = hideUserinfo(url, REDACTED);
  const afterScheme = SCHEME.exec(hidden)?.[0].length ?? 0;
  const hostLength = hidden.slice(afterScheme).search(/[/?#]/);
  return hostLength < 0
    ? hidden
    : `${hidden.slice(0, afterScheme + hostLength)}${hideInTail(hidden.slice(afterScheme + hostLength))}`;
}

/**
 * In free text, names hold secrets in more spellings than headers do: glued (`PGPASSWORD`, `sslpassword`,
 * `JSESSIONID`, `apikey`), camelCase (`accessToken`, split before the test) or dotted
 * (`spring.datasource.password`). Short words are matched whole only: `key=` and `sig=` carry API keys and
 * signatures in query strings, but `monkey` does not; `code` is never one (Node prints `code: 'ECONNRESET'`). `pfx`
 * is Node's TLS option for a PKCS#12 bundle, private key included (mysql2 takes it inside its `ssl` option).
 */
const TEXT_SECRET_PART =
  /password|passwd|passphrase|secret|token|api[-_]?key|access[-_]?key|credential|session[-_]?id|sessid|cookie|authorization|signature/i;
const TEXT_SECRET_WHOLE = /^(?:key|sig|pass|pwd|auth|session|pfx)$/i;

/**
 * Names that hold `auth` but name no secret: MongoDB's `authSource` (a database) and `authMechanism` (a method).
 * The query rule of the sources once hid every name holding `auth`, `key` or `sig` (`authSource`, `sslkey` — a
 * file path —, `signal`); the word rules here hide `token`, `password`, `api_key` and `sig` and keep these.
 * `authMechanismProperties` stays hidden: it can carry `AWS_SESSION_TOKEN:…`.
 */
const NOT_SECRET = /^auth[-_]?(?:source|mechanism)$/i;

function isSecretName(name: string): boolean {
  const lastPart = name.split('.').pop()!;
  if (NOT_SECRET.test(lastPart)) return false;
  const words = lastPart.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return (
    SECRET_HEADERS.has(words) ||
    SECRET_NAME.test(words) ||
    TEXT_SECRET_PART.test(words) ||
    TEXT_SECRET_WHOLE.test(lastPart)
  );
}

/** Headers whose whole value is a secret, spaces and `;` included: redacted to the end of the line or quote. */
const WHOLE_LINE = /^(?:proxy-)?authorization$|^(?:set-)?cookie2?$/i;

/**
 * `name: value` and `name=value`, with the name bare or quoted (`"password": "…"`, `'token': '…'`), the value
 * quoted or bare. The quote kept in group 4 lets the value end at the same quote.
 */
const NAMED_VALUE = /(["'`]?)(?<![\w.-])([A-Za-z_][\w.-]*)\1(\s*[:=]\s*)(["'`]?)/g;

/** An auth scheme word kept before a redacted credential: the scheme says how the client authenticated. */
const AUTH_SCHEME = /^(?:Basic|Bearer|Digest|Token|Negotiate|NTLM|AWS4-HMAC-SHA256|OAuth)(?=\s)/i;

const SINGLE_CREDENTIAL = /^(?:Basic|Bearer|Token)[ \t]+/i;

/**
 * `Bearer eyJ…` or `Basic dXNlcjpwYXNz` outside a header (a log line, an exception): the credential is one token68
 * word. Plain prose words (`Basic auth failed`) stay: a credential has a digit, a symbol, an inner capital, or length.
 */
const BARE_CREDENTIAL = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/-]+=*)(?![\w"=])/g;
const LOOKS_ENCODED = /^.+?[0-9A-Z+/=._~-]|^.{20,}$/;

/** Tokens recognisable by shape alone: JWTs, and the prefixed tokens of GitHub, Slack, GitLab and OpenAI-style keys. */
const SHAPED_TOKEN =
  /\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*|\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}|sk-[A-Za-z0-9_-]{20,})/g;

/** Secrets given to curl on its command line: `-u user:pass`, `-U`/`--proxy-user`, `-b`/`--cookie`, `--oauth2-bearer`. */
const CLI_USER =
  /((?:^|\s)(?:-u|--user|-U|--proxy-user|-b|--cookie|--oauth2-bearer)(?:\s+|=))(?:'[^'\n]*'|"[^"\n]*"|[^\s"']+)/g;

/**
 * Text a user pasted (curl -v output, a stack trace, a connection string) with the secrets in it replaced by
 * `[redacted]`: credential headers (`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, API-key
 * headers), `password=` / `token=` / `api_key=` values in connection strings, query strings, JSON and object
 * dumps, bare `Bearer`/`Basic` credentials, JWTs and well-known token shapes, URL credentials up to the last `@`
 * (`postgres://app:pw@db`, `mysql://root:p/w@db`) with the URL's secret query values and token-shaped segments, and
 * curl's `-u` and `-b`. Everything else is kept as typed, so the error message itself still
 * reads the same. Leans towards hiding: a wrongly hidden word costs less than a leaked password.
 */
export function redactSecrets(text: string): string {
  // Each pass runs only when a cheap test says it can find something: this is on the start-up path of every
  // run given a symptom, and most pasted errors hold no secret at all.
  let out = text.includes('://') ? text.replace(URL_IN_TEXT, shownUrl) : text;
  if (/(?:^|\s)-[-ubU]/.test(out)) out = out.replace(CLI_USER, `$1${REDACTED}`);
  if (SECRET_NAME_HINT.test(out)) out = redactNamedValues(out);
  if (/Bearer|Basic/.test(out)) {
    out = out.replace(BARE_CREDENTIAL, (whole, scheme: string, space: string, credential: string) =>
      LOOKS_ENCODED.test(credential) ? `${scheme}${space}${REDACTED}` : whole,
    );
  }
  return SHAPED_TOKEN_HINT.test(out) ? out.replace(SHAPED_TOKEN, REDACTED) : out;
}

/** A part every secret name above holds (`isSecretName`): without one, no `name: value` needs a look. */
const SECRET_NAME_HINT = /pass|pwd|secret|token|key|auth|cookie|sess|credential|sig|pfx/i;
/** The start of every token shape `SHAPED_TOKEN` knows. */
const SHAPED_TOKEN_HINT = /eyJ|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-/;

function redactNamedValues(text: string): string {
  let out = '';
  let from = 0;
  NAMED_VALUE.lastIndex = 0;
  for (let match = NAMED_VALUE.exec(text); match !== null; match = NAMED_VALUE.exec(text)) {
    const [whole, , name, , quote] = match as unknown as [string, string, string, string, string];
    // A URL's `scheme:` is not a name: `https://` would otherwise read as `https` = `//…`.
    if (match.index < from || !isSecretName(name) || text.startsWith('//', match.index + whole.length)) continue;
    const valueStart = match.index + whole.length;
    // `-H "Authorization: Bearer …"`: a quote before the name closes the value too.
    const enclosing = /["'`]/.test(text[match.index - 1] ?? '') && match[1] === '' ? text[match.index - 1]! : '';
    // `Bearer` and `Basic` carry one credential word: what follows it on the line (an error) is kept.
    const single =
      quote === '' && WHOLE_LINE.test(name) ? SINGLE_CREDENTIAL.exec(text.slice(valueStart, valueStart + 16)) : null;
    const valueEnd = single
      ? endOfValue(text, valueStart + single[0].length, '', enclosing, false)
      : endOfValue(text, valueStart, quote, enclosing, WHOLE_LINE.test(name));
    const value = text.slice(valueStart, valueEnd);
    // Already hidden (text redacted twice): the value's run stops at the mark's `]`, so compare from its start.
    if (value === '' || text.startsWith(REDACTED, valueStart)) continue;
    const scheme = AUTH_SCHEME.exec(value)?.[0];
    const kept = scheme ? `${scheme} ` : '';
    out += `${text.slice(from, valueStart)}${kept}${REDACTED}`;
    from = valueEnd;
    NAMED_VALUE.lastIndex = valueEnd;
  }
  return out + text.slice(from);
}

/** The value's run, read from its start (sticky): up to a quote or the line end, or up to the first separator. */
const UNTIL: Record<string, RegExp> = {
  '"': /[^\n"]*/y,
  "'": /[^\n']*/y,
  '`': /[^\n`]*/y,
  line: /[^\n]*/y,
  separator: /[^\s&;,'"`<>)}\]]*/y,
};

/**
 * Where a secret value ends: at its own closing quote (or the line end); for whole-line headers at the line end,
 * or the quote around the whole `name: value`; for the others at the first separator. One sticky match from the
 * start, so a long paste costs one pass.
 */
function endOfValue(text: string, start: number, quote: string, enclosing: string, wholeLine: boolean): number {
  const until = UNTIL[quote || (wholeLine ? enclosing || 'line' : 'separator')]!;
  until.lastIndex = start;
  until.exec(text);
  const end = until.lastIndex;
  return quote === '' && wholeLine && text[end - 1] === '\r' ? end - 1 : end;
}

/** A URL inside text: from its scheme to the first space, quote or angle bracket, which no URL holds unencoded. */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]*/gi;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A path segment shaped like a token: long, with letters and digits (Slack's and Discord's webhook URLs, Telegram's
 * `bot123:ABC…`, signed links carry their secret in the path). A UUID is hidden too: hiding a harmless id costs less
 * than printing a key.
 */
const TOKEN_SEGMENT = /^(?=[^/]*[0-9])(?=[^/]*[A-Za-z])[\w.~:+=-]{20,}$/;

/**
 * A target as the user typed it, with its secrets hidden, for screens and reports before (or without) parsing it:
 * a URL's user info and secret query values, and a libpq keyword/value string's `password=`, which is no URL (the
 * named-value pass that hides secrets in pasted text hides it, quoted or not).
 */
export function redactTarget(raw: string): string {
  const shown = redactUrl(raw);
  // A URL starts with its scheme; a keyword/value string may hold `://` in a value (`password=http://x`).
  return SCHEME.test(raw) ? shown : redactSecrets(shown);
}

/**
 * A URL as it may be shown: the user info (`user:password@`), path segments shaped like tokens, the values of
 * secret-named query and fragment parameters (`password=`, `token=`, `#access_token=`) and token shapes (a JWT
 * under any parameter name) replaced by `***`. Without a scheme the user info starts the value
 * (`app:pw@db:5432`, as proxy variables and .env files allow). Leans towards hiding: the user info runs to the last
 * `@` in the value, so a password holding an unencoded `/` or `#` (which drivers often accept) is hidden whole, at
 * the cost of also hiding a host when an `@` appears later in a path or query.
 */
export function redactUrl(url: string): string {
  const hidden = hideUserinfo(url);
  const afterScheme = SCHEME.exec(hidden)?.[0].length ?? 0;
  const hostLength = hidden.slice(afterScheme).search(/[/?#]/);
  const hostEnd = hostLength < 0 ? hidden.length : afterScheme + hostLength;
  return `${hidden.slice(0, hostEnd)}${hideInTail(hidden.slice(hostEnd))}`;
}

/**
 * A URL, or a proxy value without a scheme, with its user info hidden: everything between the scheme (or the
 * start) and the last `@`, so a password holding an unencoded `@`, `/` or `#` is hidden whole. Proxy variables use
 * this rule alone (a proxy URL has no path worth showing); headers and pasted text add the path and query rule.
 */
export function hideUserinfo(url: string, mark = HIDDEN): string {
  const afterScheme = SCHEME.exec(url)?.[0].length ?? 0;
  const at = url.lastIndexOf('@');
  return at < afterScheme ? url : `${url.slice(0, afterScheme)}${mark}${url.slice(at)}`;
}

/**
 * A URL's path, query and fragment (`/hook/T0K3N…?api_key=…`) as they may be shown: token-shaped segments and the
 * values of secret-named parameters replaced by `***`. Nothing before the path is read, so an `@` in it stays.
 * `keepSegments`: a path whose segments name things (a protocol URL's database or vhost) keeps them whole, however
 * token-like; their `;name=value` parameters, the query and the fragment are still hidden as usual.
 */
export function hideInTail(tail: string, options: { keepSegments?: boolean } = {}): string {
  const hash = tail.indexOf('#');
  const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
  const query = beforeHash.indexOf('?');
  const path = query < 0 ? beforeHash : beforeHash.slice(0, query);
  const segment = options.keepSegments ? hideSegmentParams : hideSegment;
  const out =
    path.split('/').map(segment).join('/') +
    (query < 0 ? '' : `?${hideParams(beforeHash.slice(query + 1))}`) +
    (hash < 0 ? '' : `#${hideParams(tail.slice(hash + 1))}`);
  return SHAPED_TOKEN_HINT.test(out) ? out.replace(SHAPED_TOKEN, HIDDEN) : out;
}

/** A path segment: hidden whole when token-shaped; its `;name=value` parameters (`;jsessionid=…`) as a query's. */
function hideSegment(segment: string): string {
  return TOKEN_SEGMENT.test(segment) ? HIDDEN : hideSegmentParams(segment);
}

/** A path segment with the values of its secret-named `;name=value` parameters hidden, the rest kept. */
function hideSegmentParams(segment: string): string {
  const semicolon = segment.indexOf(';');
  return semicolon < 0
    ? segment
    : `${segment.slice(0, semicolon)};${segment
        .slice(semicolon + 1)
        .split(';')
        .map(hideParams)
        .join(';')}`;
}

/**
 * `a=1&token=x` with the values of secret-named parameters replaced, and the secret fields of a JSON value; a part
 * without `=` is kept.
 */
function hideParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) return pair;
      const name = pair.slice(0, eq);
      return isSecretName(name) ? `${name}=${HIDDEN}` : `${name}=${hideJsonFields(pair.slice(eq + 1))}`;
    })
    .join('&');
}

/** A value that starts as a JSON object or array does, typed or percent-encoded. */
/** A JSON value, after the spaces a query may put first (`+`, `%20`), which JSON.parse skips as mysql2 reads it. */
const JSON_START = /^(?:\+|%20|\s)*(?:[{[]|%7B|%5B)/i;
/** A PEM private key, whatever the field that holds it is called. */
const PRIVATE_KEY = /PRIVATE KEY-----/;

/**
 * A query value that is JSON, with the values of its secret-named fields (`passphrase`, `key`, `pfx`, `password`, …)
 * and any PEM private key, at any depth, replaced by `"***"`. mysql2 reads every URL parameter as JSON first, and
 * hands its `ssl={…}` to Node's TLS, which takes a private key, its passphrase and a PKCS#12 bundle there. The
 * result is still JSON, so whatever reads its other fields (the TLS mode in `rejectUnauthorized`) reads the same;
 * it is percent-encoded again when the value was. A value that only looks like JSON and holds a secret-named
 * value is hidden whole. Any other value is kept as typed.
 */
function hideJsonFields(value: string): string {
  if (!JSON_START.test(value)) return value;
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    // A malformed escape: read as typed.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return SECRET_NAME_HINT.test(text) && redactNamedValues(text) !== text ? HIDDEN : value;
  }
  let found = false;
  const hide = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (!PRIVATE_KEY.test(node)) return node;
      found = true;
      return HIDDEN;
    }
    if (Array.isArray(node)) return node.map(hide);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([name, inner]) => {
        if (!isSecretName(name)) return [name, hide(inner)];
        found = true;
        return [name, HIDDEN];
      }),
    );
  };
  const shown = hide(parsed);
  if (!found) return value;
  const json = JSON.stringify(shown);
  // Encoded again where a query needs it: what would end the value (`&`, `#`, `%`) and what URL parsers encode.
  return text === value
    ? json
    : json.replace(/[%&#"'<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
