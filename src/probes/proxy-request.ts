import { isIP, isIPv6 } from 'node:net';
import { realSocket, type SocketFactory } from './budgeted-socket.js';
import { encodedPath, exchangeHttp, invalidSpec, type HttpRequestSpec } from './http-request.js';
import type { ProbeBudget } from './probe-budget.js';
import { proxyAnswer } from './proxy-answer.js';
import type { ProxyResult } from './proxy-result.js';
import type { ProxyCredentials, ProxyTarget } from './proxy-settings.js';
import { openTunnel } from './proxy-tunnel.js';
import type { TcpEndpoint } from './tcp-connect.js';
import type { TlsHandshakeOptions } from './tls-handshake.js';

/** What else the proxied request may need. */
export interface ProxyRequestOptions {
  /**
   * For an https target: how to judge its certificate through the tunnel, as the direct TLS step does. Default:
   * the target's name as SNI (none for an IP literal) and Node's own CAs.
   */
  tls?: TlsHandshakeOptions;
  /** Lets a test stand in for the kernel. */
  connect?: SocketFactory;
}

/**
 * Sends the target's request through an HTTP proxy at `proxy` (an address: the caller resolves the proxy's name, so
 * a proxy that does not resolve is the DNS step's finding). An http target gets an absolute-form
 * `GET http://host/path`, and the answer is classified as `httpRequest` classifies one; an https or tcp target gets
 * `CONNECT host:port`, then, for https, a TLS handshake through the tunnel. `credentials` go out as
 * `Proxy-Authorization: Basic` and never into the result. One deadline covers it all; never rejects for a network
 * outcome, rejects (RangeError) only for a target or request that would smuggle a header or a second request.
 */
export function requestThroughProxy(
  proxy: TcpEndpoint,
  target: ProxyTarget,
  request: HttpRequestSpec | null,
  budget: ProbeBudget,
  credentials: ProxyCredentials | null = null,
  options: ProxyRequestOptions = {},
): Promise<ProxyResult> {
  const authority = isIPv6(target.host) ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  if (!/^[\x21-\x7e]+$/.test(target.host) || /[/@]/.test(target.host)) {
    return Promise.reject(new RangeError('target host must be visible ASCII without spaces, / or @'));
  }
  const connect = options.connect ?? realSocket;
  const proxyAuthorization = credentials === null ? [] : [`Proxy-Authorization: ${basic(credentials)}`];
  const credentialsSent = credentials !== null;

  if (target.scheme === 'http') {
    const spec = request ?? {
      hostHeader: target.port === 80 ? target.host : authority,
      path: '/',
      authorization: null,
    };
    const invalid = invalidSpec(spec);
    if (invalid) return Promise.reject(new RangeError(invalid));
    const head = headText([
      // Absolute-form: the one thing that tells a forward proxy which origin to fetch from (RFC 9112 §3.2.2).
      `GET http://${spec.hostHeader}${encodedPath(spec.path)} HTTP/1.1`,
      `Host: ${spec.hostHeader}`,
      'User-Agent: conn-doctor',
      'Accept: */*',
      ...(spec.authorization === null ? [] : [`Authorization: ${spec.authorization}`]),
      ...proxyAuthorization,
      'Connection: close',
    ]);
    return exchangeHttp(proxy, head, budget, connect).then((result) => proxyAnswer(result, 'GET', credentialsSent));
  }

  // Authority-form, the only form CONNECT takes (RFC 9112 §3.2.3); IPv6 in brackets.
  const connectLines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, 'User-Agent: conn-doctor'];
  const head = headText([...connectLines, ...proxyAuthorization]);
  const tls =
    target.scheme === 'https'
      ? {
          endpoint: {
            address: target.host,
            family: isIPv6(target.host) ? (6 as const) : (4 as const),
            port: target.port,
          },
          options: options.tls ?? { servername: isIP(target.host) === 0 ? target.host : null, ca: null },
        }
      : null;
  return openTunnel(proxy, head, tls, budget, connect, credentialsSent);
}

/** Basic credentials as curl sends them: `user:password` in UTF-8, base64, so no byte of them can break the head. */
function basic({ username, password }: ProxyCredentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function headText(lines: string[]): string {
  return [...lines, '', ''].join('\r\n');
}
