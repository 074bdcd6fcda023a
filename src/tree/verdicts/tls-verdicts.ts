import type { TlsSession } from '../../probes/tls-result.js';
import { curlVerbose, hostPort, openSslClient, trustCaSteps } from '../commands.js';
import { type ProtocolScheme, protocolOverTls, protocolSchemes } from '../../shared/target.js';
import { portOf, type Facts, serverNameOf, startTlsSessionOf } from '../facts.js';
import { protocolEvidence } from './protocol-evidence.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';
import { protocolTlsUpgradeFailure } from './protocol-verdicts.js';

/** Verdicts of the TLS layer: the port's protocol, the certificate, and the handshake's terms. */

/** The session the TLS step established, or else the one SMTP's STARTTLS upgrade did. */
const sessionOf = (facts: Facts): TlsSession | null =>
  facts.tls?.kind === 'secure' || (facts.tls?.kind === 'alert' && facts.tls.session)
    ? facts.tls.session
    : startTlsSessionOf(facts);
/** The certificate came from SMTP's STARTTLS upgrade, not from a TLS connection of its own. */
const viaStartTls = (facts: Facts) => !facts.tls && startTlsSessionOf(facts) !== null;
const inspect = (facts: Facts) =>
  `See the handshake and the certificates as OpenSSL does: \`${openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), viaStartTls(facts) ? { starttls: 'smtp' } : {})}\``;
/** The SMTP session's evidence carries the STARTTLS session and its certificate; the TLS step's its own. */
const evidence = (facts: Facts) =>
  viaStartTls(facts) ? protocolEvidence(facts) : [...connectEvidence(facts), ...exchangeEvidence(facts)];
/** Where the handshake was, for the summaries: its own connection, or the upgrade of an SMTP session. */
const handshakeWords = (facts: Facts) =>
  viaStartTls(facts)
    ? 'The SMTP server offered STARTTLS and agreed to it, and the TLS handshake on that connection completed'
    : 'The TLS handshake completed';
const withScheme = (facts: Facts, scheme: 'http' | 'https') =>
  `${scheme}://${hostPort(facts.target.host, portOf(facts))}${facts.target.path}`;

export function tlsToPlaintextPort(facts: Facts): Verdict {
  const port = portOf(facts);
  const plain = plainProtocolScheme(facts);
  if (plain) return protocolTlsToPlaintextPort(facts, plain);
  return {
    id: 'tls-to-plaintext-port',
    title: `https:// spoken to a plain-text port: port ${port} does not speak TLS`,
    summary:
      `The client opened a TLS handshake (its first packet is a ClientHello), but port ${port} answered in plain text, ` +
      `the way an HTTP server answers a request it cannot read. Clients report "wrong version number" ` +
      `(OpenSSL), ERR_SSL_PROTOCOL_ERROR (browsers) or curl 35. The URL says https://, the port speaks plain HTTP.`,
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: [
      `Use http:// for this port: \`${curlVerbose(withScheme(facts, 'http'), facts.platform)}\``,
      'Or use the port where the server speaks TLS (often 443 or 8443), or enable TLS on this one',
    ],
  };
}

/** rediss://, amqps://, smtps://: the same protocol's plain scheme (redis, amqp, smtp); null for https://. */
function plainProtocolScheme(facts: Facts): ProtocolScheme | null {
  const { scheme } = facts.target;
  if (!protocolOverTls(scheme)) return null;
  const plain = scheme.slice(0, -1);
  return Object.hasOwn(protocolSchemes, plain) ? (plain as ProtocolScheme) : null;
}

/** A protocol's TLS scheme sent to its plain port (amqps:// to RabbitMQ's 5672 answers with `AMQP 0 0 9 1`). */
function protocolTlsToPlaintextPort(facts: Facts, plain: ProtocolScheme): Verdict {
  const port = portOf(facts);
  const { scheme } = facts.target;
  const usual = protocolSchemes[scheme as ProtocolScheme].port;
  return {
    id: 'tls-to-plaintext-port',
    title: `${scheme}:// spoken to a plain-text port: port ${port} does not speak TLS`,
    summary:
      `The client opened a TLS handshake (its first packet is a ClientHello), but port ${port} answered in plain text, ` +
      `in its own protocol. Clients report "wrong version number" (OpenSSL) or a TLS handshake error. The URL says ` +
      `${scheme}://, the port speaks plain ${plain}://.`,
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: [
      `Use ${plain}:// for this port: \`${plain}://${hostPort(facts.target.host, port)}${facts.target.path}\` (then the traffic is not encrypted)`,
      `Or use the port where the server speaks TLS (${usual} is the usual one for ${scheme}://), or enable TLS on this one`,
    ],
  };
}

export function plaintextToTlsPort(facts: Facts): Verdict {
  const port = portOf(facts);
  const page = facts.http?.kind === 'response' && facts.http.status === 400;
  return {
    id: 'plaintext-to-tls-port',
    title: `Plain HTTP spoken to a TLS port: port ${port} expects https://`,
    summary:
      `The client sent a plain-text HTTP request, but port ${port} speaks TLS: ` +
      (page
        ? 'the server answered with its "400: plain HTTP request sent to an HTTPS port" page.'
        : 'the server hung up without a byte (it could not read a TLS handshake in our request), and a TLS handshake on the same port works.') +
      ' The URL says http://, the port wants https://.',
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: [
      `Use https:// for this port: \`${curlVerbose(withScheme(facts, 'https'), facts.platform)}\``,
      inspect(facts),
    ],
  };
}

/** Who checks a certificate behind STARTTLS: mail clients do, mail servers relaying to each other mostly do not. */
const mailClients =
  ' Mail clients and libraries that verify it (nodemailer does by default) stop at STARTTLS; mail servers that relay ' +
  'to each other mostly take STARTTLS without verifying, so mail between servers may still flow.';

/**
 * Where the server is told to send its intermediates: a web server's certificate setting, or, behind STARTTLS, the
 * mail server's (Exim reads the chain from the `tls_certificate` file; Postfix 3.4+ from `smtpd_tls_chain_files`).
 */
function fullChainSteps(facts: Facts): string[] {
  if (!viaStartTls(facts)) {
    return [
      'On the server, configure the full chain (leaf then intermediates), e.g. nginx `ssl_certificate` pointing at fullchain.pem',
    ];
  }
  return [
    'On the mail server, send the full chain (the certificate, then its intermediates, in one file such as fullchain.pem): Exim: `tls_certificate = /etc/exim4/fullchain.pem` (check with `sudo exim -bP tls_certificate`)',
    'Postfix: `smtpd_tls_chain_files = /etc/postfix/privkey.pem, /etc/postfix/fullchain.pem` (the key, then the certificate and its intermediates; older Postfix: `smtpd_tls_cert_file` pointing at the full chain), then `postfix reload`',
  ];
}

export function tlsCertificateUntrusted(facts: Facts): Verdict {
  const session = sessionOf(facts);
  const code = session?.verification.chainError ?? 'UNKNOWN';
  const leaf = session?.chain[0];
  const selfSigned = code === 'DEPTH_ZERO_SELF_SIGNED_CERT';
  const missingIntermediate = code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
  const why = selfSigned
    ? 'The server presents a self-signed certificate: it vouches for itself, and no CA that clients trust signed it.'
    : missingIntermediate
      ? // OpenSSL says the same whether the server sent no intermediate or the wrong one (another intermediate of the
        // same root): what it sent does not link the certificate to a trusted CA. Node shows only the chain that
        // links, so which of the two it was cannot be told from here.
        `The certificate's issuer (${leaf ? leaf.issuer : 'unknown'}) was neither sent in a chain that links it to a trusted root nor is it trusted on this machine: either the server leaves out the intermediate CA certificate that links it, or sends the wrong one, or a CA this machine does not trust (a private or corporate one) signed it directly.`
      : `The certificate chain leads to a CA that this machine does not trust (${leaf ? `issued by ${leaf.issuer}` : 'unknown issuer'}): a private or corporate CA, or an intercepting proxy.`;
  return {
    id: 'tls-certificate-untrusted',
    title: selfSigned
      ? 'Self-signed certificate: not trusted'
      : missingIntermediate
        ? 'The certificate cannot be linked to a trusted CA: an intermediate is missing, or its CA is not trusted'
        : 'The certificate comes from a CA this machine does not trust',
    summary: `${handshakeWords(facts)}, but the certificate check failed with ${code}. ${why} Clients stop here: curl 60, "self signed certificate", SELF_SIGNED_CERT_IN_CHAIN, "unable to get local issuer certificate".${viaStartTls(facts) ? mailClients : ''}`,
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: missingIntermediate
      ? [
          ...fullChainSteps(facts),
          inspect(facts),
          'If the issuer is a CA of your own, trust it in your clients rather than turning verification off:',
          ...trustCaSteps('ca.pem', facts.platform),
          `Then check again with it: \`conn-doctor ${targetUrl(facts)} --ca ca.pem\``,
        ]
      : [
          inspect(facts),
          'If you own the CA (or the self-signed certificate), trust it in your clients rather than turning verification off:',
          ...trustCaSteps('ca.pem', facts.platform),
          `Then check again with it: \`conn-doctor ${targetUrl(facts)} --ca ca.pem\``,
        ],
  };
}

export function tlsCertificateExpired(facts: Facts): Verdict {
  const session = sessionOf(facts);
  const code = session?.verification.chainError ?? 'CERT_HAS_EXPIRED';
  const leaf = session?.chain[0];
  const notYet = code === 'CERT_NOT_YET_VALID';
  return {
    id: 'tls-certificate-expired',
    title: notYet ? 'The certificate is not valid yet' : 'The certificate has expired',
    summary:
      `${handshakeWords(facts)}, but the certificate is outside its validity dates (${code}): ` +
      (notYet
        ? `it becomes valid only on ${leaf?.validFrom.slice(0, 10) ?? 'a later date'}. Either it was issued for the future, or this machine's clock (or the server's) is wrong.`
        : `it ended on ${leaf?.validTo.slice(0, 10) ?? 'an earlier date'}. The server needs a renewed certificate (or this machine's clock is far ahead).`) +
      (viaStartTls(facts) ? mailClients : ''),
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: [
      `Check this machine's clock: \`${facts.platform === 'win32' ? 'Get-Date' : 'date -u'}\``,
      inspect(facts),
      notYet
        ? 'Reissue the certificate with a start date in the past'
        : 'Renew the certificate on the server (e.g. `sudo certbot renew`) and reload the server',
    ],
  };
}

export function tlsHostnameMismatch(facts: Facts): Verdict {
  const session = sessionOf(facts);
  const checked = session?.verification.checkedName ?? facts.target.host;
  const names = session?.chain[0]?.subjectAltNames ?? [];
  return {
    id: 'tls-hostname-mismatch',
    title: `The certificate is not issued for ${checked}`,
    summary:
      `${handshakeWords(facts)} and the certificate is trusted, but it does not name ${checked}: it is for ` +
      `${names.length ? names.slice(0, 4).join(', ') : 'other names'}. Clients refuse it (ERR_TLS_CERT_ALTNAME_INVALID, ` +
      `curl 60 "no alternative certificate subject name matches"). Either the client uses another name than the ` +
      `certificate's, or the server presents the wrong certificate for this name (SNI).${viaStartTls(facts) ? mailClients : ''}`,
    confidence: 'certain',
    evidence: evidence(facts),
    nextSteps: [
      names.length
        ? `Connect with a name the certificate carries (${names.slice(0, 3).join(', ')}), or`
        : 'Connect with a name the certificate carries, or',
      `get a certificate for ${checked} (e.g. \`sudo certbot certonly -d ${checked}\`, or \`mkcert ${checked}\` for development)`,
      inspect(facts),
    ],
  };
}

export function tlsHandshakeFailure(facts: Facts): Verdict {
  // MySQL's or SMTP's upgrade to TLS failed: the protocol's words and OpenSSL command (-starttls).
  const upgrade = protocolTlsUpgradeFailure(facts);
  if (upgrade) return upgrade;
  const tls = facts.tls;
  const alert = tls?.kind === 'alert' ? tls.alert : null;
  const description = alert?.description ?? (tls?.kind === 'handshake-error' ? tls.reason : 'unknown');
  const clientCert =
    description === 'certificate_required' ||
    (alert?.number === 40 && tls?.kind === 'alert' && tls.stage === 'handshake');
  const oldVersion = description === 'protocol_version';
  const explanation = oldVersion
    ? 'The server only speaks an old TLS version (1.0 or 1.1) that current clients refuse, or a newer one this client lacks.'
    : description === 'certificate_required'
      ? 'The server requires a client certificate (mutual TLS) and the client sent none. Under TLS 1.3 this only shows after the handshake, on the first read.'
      : clientCert
        ? 'The server aborted the handshake ("handshake failure"): most often it requires a client certificate (mutual TLS), or it shares no cipher suite with the client.'
        : 'The client and server could not agree on the terms of the session.';
  return {
    id: 'tls-handshake-failure',
    title: oldVersion
      ? 'The server only speaks an outdated TLS version'
      : clientCert
        ? 'The server wants a client certificate (mutual TLS)'
        : 'The TLS handshake failed',
    summary: `TCP works, and the TLS handshake started, but the server refused it with the alert "${description}". ${explanation}`,
    confidence: oldVersion || description === 'certificate_required' ? 'certain' : 'likely',
    evidence: evidence(facts),
    nextSteps: [
      inspect(facts),
      clientCert
        ? `Present the client certificate: \`curl --cert client.pem --key client-key.pem ${targetUrl(facts)}\` (Node: tls options cert/key)`
        : oldVersion
          ? 'Upgrade the server to TLS 1.2 or 1.3 (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`)'
          : `List what the server accepts: \`nmap --script ssl-enum-ciphers -p ${portOf(facts)} ${facts.target.host}\``,
    ],
  };
}
