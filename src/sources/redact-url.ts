/** What a hidden credential reads as: the same mark the target parser puts in `Target.input`. */
const HIDDEN = '***';

/** Query parameters that carry secrets in connection strings (`password=`, `sslpassword=`, `api_key=`, `token=`). */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|credential|sig/i;

/**
 * A path segment shaped like a token: long, with letters and digits (Slack's and Discord's webhook URLs, Telegram's
 * `bot123:ABC…`, signed links carry their secret in the path). A UUID is hidden too: hiding a harmless id costs less
 * than printing a key.
 */
const TOKEN_SEGMENT = /^(?=[^/]*[0-9])(?=[^/]*[A-Za-z])[\w.~:+=-]{20,}$/;

/**
 * A URL as it may be shown: the user-info part (`user:password@`), path segments shaped like tokens and the values
 * of secret-looking query parameters replaced by `***`. Leans towards hiding: the user info runs to the last `@` in the value, so a password
 * holding an unencoded `/` or `#` (which drivers often accept) is hidden whole, at the cost of also hiding a host
 * when an `@` appears later in a path or query.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const afterScheme = start + 3;
  const at = url.lastIndexOf('@');
  let out = at >= afterScheme ? `${url.slice(0, afterScheme)}${HIDDEN}${url.slice(at)}` : url;
  out = redactPath(out, afterScheme);
  const query = out.indexOf('?');
  if (query >= 0) {
    const [beforeHash, hash = null] = splitOnce(out.slice(query + 1), '#');
    const params = beforeHash
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq > 0 && SECRET_PARAM.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${HIDDEN}` : pair;
      })
      .join('&');
    out = `${out.slice(0, query + 1)}${params}${hash === null ? '' : `#${hash}`}`;
  }
  return out;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function redactPath(url: string, afterScheme: number): string {
  const pathStart = url.indexOf('/', afterScheme);
  if (pathStart < 0) return url;
  const pathEnd = url.slice(pathStart).search(/[?#]/);
  const end = pathEnd < 0 ? url.length : pathStart + pathEnd;
  const path = url
    .slice(pathStart, end)
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? HIDDEN : segment))
    .join('/');
  return `${url.slice(0, pathStart)}${path}${url.slice(end)}`;
}
