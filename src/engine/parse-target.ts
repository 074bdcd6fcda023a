import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { type Credentials, type HostKind, type ParsedTarget, protocolSchemes, type Scheme } from '../shared/target.js';
import { hideInTail } from '../shared/redact-secrets.js';
import { looksLikeConninfo, parseConninfo, shownConninfo } from './libpq-conninfo.js';
import { decodePunycode } from './punycode.js';

/**
 * Parses what the user typed as a target (SPEC §1) into a validated `Target`, or one short message saying what
 * is wrong. Decisions, where the forms leave room:
 *
 * - No scheme (`host`, `host:port`, `[::1]:port`, `ipv4`, `ipv6`) means scheme `tcp`: we only promise a TCP
 *   connect. A bare host keeps port `null` (the tree asks for it). A bare target with a path, query or `@` is
 *   refused: a path needs a URL, and only http(s) URLs carry credentials.
 * - The host is parsed here, not by the WHATWG URL parser: that parser reads any host whose last label is a
 *   number as IPv4 (`1.2.3` → 1.2.0.3, `0x7f.1` → 127.0.0.1, `2130706433`), and so does `inet_aton` behind
 *   getaddrinfo. We read such hosts as IPv4 too, but accept only four decimal numbers 0-255, so that what we
 *   connect to is what the user wrote. The WHATWG parser only normalises the path (dot segments, encoding).
 * - Host names: letters, digits, `-` and `_` (docker-compose service names use it), labels of 1-63 characters
 *   that neither start nor end with `-` (a name starting with `-` would also read as an option in the commands
 *   we suggest), at most 253 characters; lower-cased, one trailing dot dropped, non-ASCII names to punycode.
 * - IPv6 zone ids (`fe80::1%eth0`, in URLs `[fe80::1%25eth0]`) are kept in `host` as `fe80::1%eth0`, the form
 *   Node's `net.connect` takes: link-local addresses cannot be reached without one. Whoever builds a URL from
 *   the host must write `%25` for the `%`.
 * - An unbracketed IPv6 address never carries a port: `::1:8080` is itself a valid address and is read as one.
 *   When dropping the last `:part` is what makes it valid (`2001:db8:0:0:0:0:0:1:8080`), we ask for brackets.
 * - An empty port (`host:`, `http://host:/`) is an error, though WHATWG reads it as the default: it is a typo.
 * - libpq's keyword/value strings (`host=db port=5432 dbname=shop`) are PostgreSQL targets (libpq-conninfo.ts
 *   reads them): one host (`host=a,b` is refused, not half-diagnosed), `hostaddr` connected to when given,
 *   `dbname` and `sslmode` carried in the path as a URL's would be, `user` and `password` as credentials.
 * - URL credentials go to `credentials`, percent-decoded; `target.input` shows them as `***`, and no message
 *   quotes a part of the input that could hold a password. A password must percent-encode `/ ? # @`, as in
 *   every URL parser: unencoded, they end the host part early.
 */
export function parseTarget(input: string): ParsedTarget {
  const text = input.trim();
  if (text === '') return failure('empty target: give a host, host:port or URL');
  if (text.length > MAX_INPUT) return failure(`target is too long (${text.length} characters, at most ${MAX_INPUT})`);
  // libpq's keyword/value strings are made of spaces; tabs and newlines are still refused below, as controls.
  if (looksLikeConninfo(text) && !/\p{C}/u.test(text)) return parseConninfoTarget(text);
  if (/\s/u.test(text)) return failure('the target contains whitespace');
  // Controls, zero-width and bidi characters: invisible in a terminal, so the user could not see what is wrong.
  const invisible = /\p{C}/u.exec(text);
  if (invisible) return failure(`invalid character ${codePoint(invisible[0])} in the target`);
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemeMatch) return parseUrl(text, schemeMatch[0], schemeMatch[1]!.toLowerCase());
  const halfScheme = /^(https?|tcp):/i.exec(text);
  if (halfScheme) return failure(`malformed URL: write ${halfScheme[1]!.toLowerCase()}://host`);
  return parseBare(text);
}

const MAX_INPUT = 2048;
const MAX_NAME = 253;
const MAX_LABEL = 63;

function defaultPort(scheme: Scheme): number | null {
  if (scheme === 'http') return 80;
  if (scheme === 'https') return 443;
  if (scheme === 'tcp') return null;
  return protocolSchemes[scheme].port;
}

const SUPPORTED = `http://, https://, tcp://, ${Object.keys(protocolSchemes)
  .map((s) => `${s}://`)
  .join(', ')}`;

type HostPart = { host: string; hostKind: HostKind; port: number | null };
type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseUrl(text: string, prefix: string, scheme: string): ParsedTarget {
  if (!isScheme(scheme)) return failure(`unsupported scheme ${quote(scheme)}: use ${SUPPORTED}`);
  const afterScheme = text.slice(prefix.length);
  // The WHATWG parser ends the authority at `\` too for http(s); doing the same keeps the path we hand it intact.
  const authorityEnd = afterScheme.search(/[/?#\\]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const rest = authorityEnd === -1 ? '' : afterScheme.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);

  // An unencoded `/ ? #` in a password cuts the authority early; the `@` after it then shows up in the rest,
  // and what we would quote as host or port may be part of the password.
  if (scheme === 'mongodb+srv') {
    const srvError = mongodbSrvError(hostPort, rest);
    if (srvError) return failure(srvError);
  }
  const parsedHost = parseHostPort(hostPort, { echo: !rest.includes('@'), url: true });
  if (!parsedHost.ok) return failure(parsedHost.error);
  if (scheme === 'mongodb+srv' && parsedHost.value.hostKind !== 'name') {
    return failure('mongodb+srv:// needs a DNS name whose SRV record names the servers, not an address or localhost');
  }
  const { host, hostKind } = parsedHost.value;
  const port = parsedHost.value.port ?? defaultPort(scheme);
  if (port === null) return failure('tcp:// targets need a port, as in tcp://host:5432');

  let credentials: Credentials | null = null;
  if (userinfo !== null) {
    if (scheme === 'tcp') return failure('tcp:// targets cannot carry credentials');
    const decoded = decodeCredentials(userinfo);
    if (!decoded.ok) return failure(decoded.error);
    credentials = decoded.value;
  }

  let path = '/';
  if (scheme === 'tcp') {
    if (rest !== '' && rest !== '/') return failure('tcp:// targets take no path, query or fragment');
  } else {
    const normalised = normalisePath(rest);
    if (!normalised.ok) return failure(normalised.error);
    path = normalised.value;
  }
  let shownRest = rest;
  if (scheme in protocolSchemes) {
    // libpq also takes the password as a query parameter: it travels as a credential, and is shown as `***`.
    const query = queryPassword(path);
    if (query.password !== null) {
      credentials = { username: credentials?.username ?? '', password: query.password };
      path = query.redacted;
      shownRest = redactQueryPassword(rest);
    }
  }

  // A token in the query or the path (`?api_key=…`, a webhook's secret segment) is sent, never shown. A protocol
  // URL's path is the database's name, which is no secret however token-like it looks: only its query is read.
  const shownPath = scheme in protocolSchemes ? hideQuery(path) : hideInTail(path);
  const requestPath = shownPath === path ? null : path;
  shownRest = scheme in protocolSchemes ? hideQuery(shownRest) : hideInTail(shownRest);
  const shown = userinfo === null ? `${prefix}${hostPort}${shownRest}` : `${prefix}***@${hostPort}${shownRest}`;
  return {
    ok: true,
    target: { input: shown, scheme, host, hostKind, port, path: shownPath },
    credentials,
    requestPath,
  };
}

function parseConninfoTarget(text: string): ParsedTarget {
  const parsed = parseConninfo(text);
  if (!parsed.ok) return failure(parsed.error);
  const values = parsed.values;
  const get = (keyword: string) => values.get(keyword) ?? '';
  if (values.has('service')) {
    return failure('service= names an entry of pg_service.conf, which conn-doctor does not read: give host= and port=');
  }
  const hostaddr = get('hostaddr');
  const rawHost = hostaddr || get('host');
  if (rawHost === '') {
    return failure('the connection string has no host= (libpq would use a Unix socket, which is not diagnosed here)');
  }
  if (rawHost.includes(',') || get('port').includes(',')) {
    return failure('several hosts or ports (host=a,b): give one, conn-doctor diagnoses one server at a time');
  }
  if (rawHost.startsWith('/') || rawHost.startsWith('@')) {
    return failure('host= names a Unix socket directory, which is not diagnosed here: give a host name or address');
  }
  if (hostaddr !== '' && isIP(hostaddr) === 0)
    return failure(`hostaddr= must be an IP address, not ${quote(hostaddr)}`);
  const q = (s: string) => ` ${quote(s)}`;
  const host: Parsed<{ host: string; hostKind: HostKind }> =
    isIP(rawHost.split('%')[0]!) === 6
      ? (() => {
          const address = parseIpv6(rawHost, q);
          return address.ok ? ok({ host: address.value, hostKind: 'ipv6' as const }) : address;
        })()
      : parseHost(rawHost, q);
  if (!host.ok) return failure(host.error);
  const port = get('port') === '' ? ok(protocolSchemes.postgresql.port) : parsePort(get('port'), q);
  if (!port.ok) return failure(`${port.error} (in port=)`);
  // The same path a postgresql:// URL gives: the database, then libpq's sslmode in the query.
  const database = get('dbname');
  const sslmode = get('sslmode');
  const path = `/${database === '' ? '' : encodeURIComponent(database)}${sslmode === '' ? '' : `?sslmode=${encodeURIComponent(sslmode)}`}`;
  const credentials =
    values.has('user') || values.has('password') ? { username: get('user'), password: get('password') } : null;
  return {
    ok: true,
    target: { input: shownConninfo(values), scheme: 'postgresql', ...host.value, port: port.value, path },
    credentials,
    requestPath: null,
  };
}

/**
 * What MongoDB's seedlist discovery spec refuses in a `mongodb+srv://` URL: a port (the SRV records give them), more
 * than one host, and TLS turned off (`tls=false` or `ssl=false`), which this tool would not follow.
 */
function mongodbSrvError(hostPort: string, rest: string): string | null {
  if (hostPort.includes(',')) return 'mongodb+srv:// takes one host name: its SRV record lists the servers';
  if (/:\d*$/.test(hostPort) && !hostPort.endsWith(']')) {
    return 'mongodb+srv:// takes no port: the SRV record names the ports (write mongodb://host:port for one server)';
  }
  if (/[?&](tls|ssl)=false(&|#|$)/i.test(rest)) {
    return 'mongodb+srv:// with tls=false is not diagnosed: write mongodb://host:port for a plain connection';
  }
  return null;
}

function parseBare(text: string): ParsedTarget {
  if (text.includes('@')) return failure('credentials need a URL: write http://user:password@host or https://…');
  if (/[/?#\\]/.test(text)) return failure('a path needs a URL: start the target with http:// or https://');
  // A lone number is almost always a port typed without its host.
  if (/^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535) {
    return failure(`missing host: write localhost:${text} for a port on this machine`);
  }
  const parsedHost = parseHostPort(text, { echo: true, url: false });
  if (!parsedHost.ok) return failure(parsedHost.error);
  const { host, hostKind, port } = parsedHost.value;
  return {
    ok: true,
    target: { input: text, scheme: 'tcp', host, hostKind, port, path: '/' },
    credentials: null,
    requestPath: null,
  };
}

interface HostOptions {
  /** Whether messages may quote the host and port (false when they could hold part of a password). */
  echo: boolean;
  /** URL form: an IPv6 address needs brackets there. */
  url: boolean;
}

function parseHostPort(hostPort: string, options: HostOptions): Parsed<HostPart> {
  const q = (s: string): string => (options.echo ? ` ${quote(s)}` : '');
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return err('missing "]" after the IPv6 address');
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return err(`unexpected${q(after)} after "]": expected ":port"`);
    // RFC 6874 writes the zone separator as `%25` inside a URL; `[fe80::1%eth0]` is accepted too, as curl does.
    const literal = hostPort.slice(1, close).replace(/%25/, '%');
    if (isIP(literal) === 4) return err(`brackets are only for IPv6 addresses: write${q(literal)} without them`);
    const address = parseIpv6(literal, q);
    if (!address.ok) return address;
    const port = after === '' ? ok(null) : parsePort(after.slice(1), q);
    if (!port.ok) return port;
    return ok({ host: address.value, hostKind: 'ipv6', port: port.value });
  }

  const colons = hostPort.split(':').length - 1;
  if (colons > 1) {
    if (isIP(hostPort) === 6) {
      if (options.url) return err('IPv6 addresses in URLs need brackets, as in http://[::1]:8080/');
      const address = parseIpv6(hostPort, q);
      return address.ok ? ok({ host: address.value, hostKind: 'ipv6', port: null }) : address;
    }
    const lastColon = hostPort.lastIndexOf(':');
    const address = hostPort.slice(0, lastColon);
    if (isIP(address) === 6) {
      const example = options.echo ? `, as in [${address}]:${hostPort.slice(lastColon + 1)}` : '';
      return err(`an IPv6 address with a port needs brackets${example}`);
    }
    return err(`invalid IPv6 address${q(hostPort)}`);
  }

  const colon = hostPort.indexOf(':');
  const rawHost = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const host = parseHost(rawHost, q);
  if (!host.ok) return host;
  const port = colon === -1 ? ok(null) : parsePort(hostPort.slice(colon + 1), q);
  if (!port.ok) return port;
  return ok({ ...host.value, port: port.value });
}

function parsePort(raw: string, q: (s: string) => string): Parsed<number> {
  if (raw === '') return err('missing port after ":"');
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) return err(`invalid port${q(raw)}: must be 1-65535`);
  return ok(port);
}

function parseIpv6(literal: string, q: (s: string) => string): Parsed<string> {
  const percent = literal.indexOf('%');
  const address = percent === -1 ? literal : literal.slice(0, percent);
  const zone = percent === -1 ? null : literal.slice(percent + 1);
  // Zone ids are interface names or numbers; RFC 6874 allows the URL "unreserved" characters only.
  if (zone !== null && !/^[a-z0-9._~-]+$/i.test(zone)) return err(`invalid IPv6 zone id${q(zone)}`);
  if (isIP(address) !== 6) return err(`invalid IPv6 address${q(literal)}`);
  // Interface names are case-sensitive on Linux, so only the address is lower-cased.
  return ok(address.toLowerCase() + (zone === null ? '' : `%${zone}`));
}

function parseHost(raw: string, q: (s: string) => string): Parsed<{ host: string; hostKind: HostKind }> {
  if (raw === '') return err('missing host');
  // Percent-encoded hosts are legal in URLs but nobody means one; accepting them would hide what is connected to.
  const badAscii = /[^\x80-\u{10ffff}a-z0-9._-]/iu.exec(raw);
  if (badAscii) return err(`invalid character${q(badAscii[0])} in host name${q(raw)}`);
  const isAscii = /^[\x00-\x7f]*$/.test(raw);
  const lower = withoutRootDot(raw.toLowerCase());
  if (isAscii && /^(?:\d+|0x[0-9a-f]*)$/i.test(lower.slice(lower.lastIndexOf('.') + 1))) {
    if (isIP(lower) === 4) return ok({ host: lower, hostKind: 'ipv4' });
    return err(`invalid IPv4 address${q(raw)}: must be four numbers 0-255, like 192.0.2.10`);
  }
  // `xn--` labels are checked by us, not by domainToASCII, which refuses malformed ones on Node 20 and 22 but not
  // on Node 24: all three must read a name alike. ASCII input is checked as typed, so the message says why.
  const notPunycode = err(`invalid host name${q(raw)}: a label starting with "xn--" must be valid punycode`);
  if (isAscii && !lower.split('.').every(isALabelOrPlain)) return notPunycode;
  // domainToASCII maps and punycodes non-ASCII names. It is the WHATWG host parser, so it would also turn
  // number-like hosts into IPv4 (checked above for ASCII; for non-ASCII input, e.g. full-width digits, a numeric
  // result is refused below rather than silently rewritten).
  const name = withoutRootDot(domainToASCII(raw));
  if (name === '') return err(`invalid host name${q(raw)}`);
  if (!name.split('.').every(isALabelOrPlain)) return notPunycode;
  if (!isAscii && (isIP(name) !== 0 || /^\d+$/.test(name.slice(name.lastIndexOf('.') + 1)))) {
    return err(`invalid host name${q(raw)}`);
  }

  if (name.length > MAX_NAME) return err(`host name is longer than ${MAX_NAME} characters`);
  for (const label of name.split('.')) {
    if (label === '') return err(`invalid host name${q(raw)}: empty label`);
    if (label.length > MAX_LABEL)
      return err(`invalid host name${q(raw)}: a label is longer than ${MAX_LABEL} characters`);
    if (label.startsWith('-') || label.endsWith('-')) {
      return err(`invalid host name${q(raw)}: a label cannot start or end with "-"`);
    }
    // IDNA mapping can yield ASCII we do not allow (e.g. a full-width "!").
    if (!/^[a-z0-9_-]+$/.test(label)) return err(`invalid host name${q(raw)}`);
  }
  const hostKind: HostKind = name === 'localhost' || name.endsWith('.localhost') ? 'localhost' : 'name';
  return ok({ host: name, hostKind });
}

/**
 * Whether a lower-case label is either no `xn--` label at all or a true A-label (IDNA2008, RFC 5891 §5.3–5.4, and
 * UTS #46 §4 since Unicode 15.1): valid Punycode for a label with some non-ASCII character, which IDNA encodes back
 * to this very label (so it was in its mapped, normalised form). `xn--zz` is not Punycode, `xn--ascii-` encodes
 * only ASCII, `xn--a` decodes to a control character: nobody can have registered them, and resolving one anyway
 * would hide the typo.
 */
function isALabelOrPlain(label: string): boolean {
  if (!label.startsWith('xn--')) return true;
  const unicode = decodePunycode(label.slice(4));
  return unicode !== null && /[^\x00-\x7f]/.test(unicode) && domainToASCII(unicode) === label;
}

function decodeCredentials(userinfo: string): Parsed<Credentials | null> {
  const colon = userinfo.indexOf(':');
  const rawUser = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const rawPassword = colon === -1 ? '' : userinfo.slice(colon + 1);
  if (rawUser === '' && rawPassword === '') return ok(null);
  try {
    return ok({ username: decodeURIComponent(rawUser), password: decodeURIComponent(rawPassword) });
  } catch {
    // Never quote the credentials, not even the broken escape.
    return err('invalid percent-encoding in the URL credentials');
  }
}

/** `example.com.` (the root label written out) is `example.com`. */
function withoutRootDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Path and query as an HTTP client sends them: dot segments removed, unsafe characters encoded, no fragment. */
function normalisePath(rest: string): Parsed<string> {
  try {
    const url = new URL(`http://host${rest}`);
    return ok(url.pathname + url.search);
  } catch {
    return err('invalid path');
  }
}

function isScheme(s: string): s is Scheme {
  return s === 'http' || s === 'https' || s === 'tcp' || Object.hasOwn(protocolSchemes, s);
}

/** A `password=` parameter in a normalised path's query: its decoded value, and the path with it as `***`. */
function queryPassword(path: string): { password: string | null; redacted: string } {
  const question = path.indexOf('?');
  if (question === -1) return { password: null, redacted: path };
  const params = new URLSearchParams(path.slice(question + 1));
  const password = params.get('password');
  if (password === null) return { password: null, redacted: path };
  return { password, redacted: redactQueryPassword(path) };
}

function redactQueryPassword(text: string): string {
  return text.replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/** A short, quoted rendering of part of the input for a message. */
function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function err(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function failure(error: string): ParsedTarget {
  return { ok: false, error };
}

/**
 * A path, query and fragment with the secret-named values hidden (the query's, the fragment's and the segments'
 * `;name=value` parameters), its path segments kept as they are: they name a database or a vhost.
 */
function hideQuery(pathAndQuery: string): string {
  return hideInTail(pathAndQuery, { keepSegments: true });
}
