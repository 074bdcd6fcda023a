import type { HttpResult } from './http-result.js';
import type { ProxyMethod, ProxyResponse, ProxyResult } from './proxy-result.js';

/**
 * What an HTTP exchange with the proxy means for the proxied request. A 2xx to CONNECT never gets here: the
 * tunnel probe handles it. Shared by the GET and CONNECT paths so both name every outcome alike.
 */
export function proxyAnswer(result: HttpResult, method: ProxyMethod, credentialsSent: boolean): ProxyResult {
  switch (result.kind) {
    case 'response':
      return answered(result, method, credentialsSent);
    case 'reset-before-response':
      return { kind: 'proxy-reset', method, marks: result.marks };
    case 'closed-without-response':
      return { kind: 'proxy-closed', method, marks: result.marks };
    case 'no-response':
      return { kind: 'proxy-silent', method, waitedMs: result.waitedMs, marks: result.marks };
    case 'not-http':
      return {
        kind: 'not-a-proxy',
        method,
        firstBytes: result.firstBytes,
        protocol: result.protocol,
        marks: result.marks,
      };
    case 'truncated-response':
      return { kind: 'proxy-truncated', method, how: result.how, firstBytes: result.firstBytes, marks: result.marks };
    case 'connect-failed':
      return result.connect.kind === 'refused'
        ? { kind: 'proxy-refused-connect', connect: result.connect }
        : { kind: 'proxy-unreachable', connect: result.connect };
    case 'aborted':
      return { kind: 'aborted' };
    default: {
      const never: never = result;
      return never;
    }
  }
}

function answered(response: ProxyResponse, method: ProxyMethod, credentialsSent: boolean): ProxyResult {
  if (response.status !== 407) return { kind: 'proxy-answered', method, status: response.status, response };
  const challenge =
    response.headers.find((header) => header.name.toLowerCase() === 'proxy-authenticate')?.value ?? null;
  return { kind: 'proxy-auth-required', method, credentialsSent, challenge, response };
}
