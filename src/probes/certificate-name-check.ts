import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { errnoOf } from './socket-error.js';

/** Why a certificate is not issued for the name asked for: Node's error code and the reason in words. */
export interface NameMismatch {
  code: string;
  reason: string;
}

/**
 * Whether the certificate is issued for `name`, as TLS clients check it (RFC 9525): a DNS name against the
 * certificate's DNS names, by Node's `tls.checkServerIdentity` (wildcards; the CN only when there are no DNS names);
 * an IP address against its IP address entries alone, compared as addresses (OpenSSL's `X509_check_ip`), never its
 * DNS names or CN.
 *
 * IP addresses are checked here rather than by Node: some Node 22 and 24 releases (22.23 and 24.17 among them;
 * nodejs/node#64144) pass the host through `domainToASCII` first, which empties an IPv6 literal, and so refuse every
 * certificate for `::1` that curl, Node 20 and later Node 24 accept. The certificate's own names decide.
 */
export function certificateNameMismatch(name: string, peer: tls.PeerCertificate): NameMismatch | null {
  // A zone (`fe80::1%eth0`) says which interface to use; a certificate names the address alone.
  const address = name.replace(/%.*$/, '');
  if (net.isIP(address) === 0) {
    const error = tls.checkServerIdentity(name, peer);
    return error ? { code: errnoOf(error), reason: (error as { reason?: string }).reason ?? error.message } : null;
  }
  if (new X509Certificate(peer.raw).checkIP(address) !== undefined) return null;
  return {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    reason: `IP: ${address} is not in the cert's altnames: ${peer.subjectaltname || 'none'}`,
  };
}
