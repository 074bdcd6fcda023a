/** What a secret header value is replaced with. */
export const REDACTED = '[redacted]';

/** Headers that carry credentials by definition. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'set-cookie2']);

/**
 * Vendor headers that carry credentials by convention (`X-Api-Key`, `X-Auth-Token`, `X-Amz-Security-Token`,
 * `Private-Token`, `Ocp-Apim-Subscription-Key`, `X-Session-Id`, …): matched on whole words of the name, so
 * `WWW-Authenticate` (a challenge, useful evidence) and `Sec-WebSocket-Key` (a nonce) are kept.
 */
const SECRET_WORD = String.raw`token|secret|password|passwd|credentials?|session(?:[-_]?id)?|auth`;
const SECRET_KEY = String.raw`(?:api|access|auth|private|subscription)[-_]?key`;
const SECRET_NAME = new RegExp(String.raw`(?:^|[-_])(?:${SECRET_WORD}|${SECRET_KEY})(?:$|[-_])`, 'i');

/** `scheme://user:password@` in a URL (a `Location` that echoes credentials back). */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

/**
 * The value of a header as it may be shown or reported: `[redacted]` for headers that carry secrets,
 * otherwise the value with any URL credentials in it replaced. Names compare case-insensitively.
 */
export function redactHeader(name: string, value: string): string {
  const lower = name.trim().toLowerCase();
  if (SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower)) return REDACTED;
  return value.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}
