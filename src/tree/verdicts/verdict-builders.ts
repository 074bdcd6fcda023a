import type { VerdictBuilders } from '../tree-types.js';
import { addressFamilyMismatch, hostUnreachable, networkUnreachable, portFiltered } from './connect-verdicts.js';
import { listenerBoundElsewhere, listenerCameUp, noListener } from './refused-verdicts.js';
import { dnsNoAddress, dnsNoSuchHost, dnsResolverFailure } from './dns-verdicts.js';
import {
  closedWithoutResponse,
  intermittentFailures,
  noResponse,
  resetAfterAccept,
  unexpectedProtocol,
} from './exchange-verdicts.js';
import { healthy, httpErrorStatus, httpUpstreamError } from './http-verdicts.js';
import { idleKeepaliveClose } from './keepalive-verdicts.js';
import { forwarderBackendDown } from './local-verdicts.js';
import {
  authenticationFailed,
  authenticationRequired,
  databaseMissing,
  serverConnectionLimit,
  serverError,
  serverNotReady,
  serverRejectsClient,
  serverRequiresTls,
} from './protocol-verdicts.js';
import { withDetourLine } from './proxy-evidence.js';
import { proxyInterference } from './proxy-verdicts.js';
import {
  plaintextToTlsPort,
  tlsCertificateExpired,
  tlsCertificateUntrusted,
  tlsHandshakeFailure,
  tlsHostnameMismatch,
  tlsToPlaintextPort,
} from './tls-verdicts.js';

/**
 * Every verdict the tree can end in, with the function that words it: a full record over the verdict ids, so a
 * verdict without words does not compile. Each also says what the proxy did when the tree tried it because the
 * direct connect failed.
 */
export const verdictBuilders: VerdictBuilders = /* @__PURE__ */ withDetourLine({
  healthy,
  'dns-no-such-host': dnsNoSuchHost,
  'dns-no-address': dnsNoAddress,
  'dns-resolver-failure': dnsResolverFailure,
  'no-listener': noListener,
  'listener-bound-elsewhere': listenerBoundElsewhere,
  'listener-came-up': listenerCameUp,
  'address-family-mismatch': addressFamilyMismatch,
  'port-filtered': portFiltered,
  'host-unreachable': hostUnreachable,
  'network-unreachable': networkUnreachable,
  'reset-after-accept': resetAfterAccept,
  'closed-without-response': closedWithoutResponse,
  'no-response': noResponse,
  'unexpected-protocol': unexpectedProtocol,
  'intermittent-failures': intermittentFailures,
  'http-upstream-error': httpUpstreamError,
  'http-error-status': httpErrorStatus,
  'tls-to-plaintext-port': tlsToPlaintextPort,
  'plaintext-to-tls-port': plaintextToTlsPort,
  'tls-certificate-untrusted': tlsCertificateUntrusted,
  'tls-certificate-expired': tlsCertificateExpired,
  'tls-hostname-mismatch': tlsHostnameMismatch,
  'tls-handshake-failure': tlsHandshakeFailure,
  'proxy-interference': proxyInterference,
  'forwarder-backend-down': forwarderBackendDown,
  'idle-keepalive-close': idleKeepaliveClose,
  'server-rejects-client': serverRejectsClient,
  'server-connection-limit': serverConnectionLimit,
  'server-requires-tls': serverRequiresTls,
  'authentication-required': authenticationRequired,
  'authentication-failed': authenticationFailed,
  'server-not-ready': serverNotReady,
  'database-missing': databaseMissing,
  'server-error': serverError,
});
