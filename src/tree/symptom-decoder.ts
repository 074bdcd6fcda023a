import { redactSecrets } from '../shared/redact-secrets.js';
import { visibleText } from '../probes/visible-bytes.js';
import type { DecodedSymptom, SymptomId } from './symptom.js';
import { clientTier } from './symptoms/clients.js';
import { codePatterns } from './symptoms/codes.js';
import { curlExitPatterns } from './symptoms/curl-exits.js';
import { databaseTier } from './symptoms/databases.js';
import { dnsPatterns } from './symptoms/dns.js';
import { gatewayTier } from './symptoms/gateways.js';
import { localizedWindowsTier } from './symptoms/localized-windows.js';
import { osPhrasePatterns } from './symptoms/os-phrases.js';
import { protocolTier } from './symptoms/protocols.js';
import { intermittentWords, type SymptomPattern, type SymptomTier } from './symptoms/pattern-kit.js';
import { tlsPatterns } from './symptoms/tls.js';
import { certificatePatterns } from './symptoms/tls-certificate.js';
import { wordingPatterns } from './symptoms/wording.js';
import type { VerdictId } from './verdict-ids.js';

export type { SymptomPattern } from './symptoms/pattern-kit.js';

/** What each failure family means on the wire; patterns override it when their message says more. */
export const familyMeanings: Readonly<Record<SymptomId, string>> = {
  refused:
    'The server machine answered the connection request (SYN) with a reset (RST): nothing was listening on that address and port, so no connection was ever opened.',
  reset:
    'The connection was open, then the other side (or something in between) aborted it with a reset (RST) instead of closing it normally; whatever was in flight was lost.',
  'closed-without-response':
    'The connection opened and the request went out, but the server closed the connection cleanly (FIN) without sending back a single byte.',
  timeout:
    'Silence: nothing came back within the time limit. Either the connection request (SYN) was never answered (a firewall dropping packets, or a host that is down), or the connection opened and the server never replied.',
  'dns-not-found':
    'The name could not be turned into an address: DNS said the name does not exist (NXDOMAIN) or has no address, so no connection was even attempted.',
  'dns-temporary':
    'The DNS lookup itself failed (the resolver timed out, refused or answered with an error), so no connection was attempted; this says nothing yet about whether the name exists.',
  'host-unreachable':
    'A router or firewall on the way (or this machine, when the host did not answer on the local network) reported that the host cannot be reached (ICMP host unreachable); the server never saw the connection.',
  'network-unreachable':
    'This machine has no route to that network, or a router said it has none (ICMP network unreachable); the packets never left for the server.',
  'tls-error':
    'The TCP connection worked, but the TLS (HTTPS) handshake failed: the two sides could not agree on a version or cipher, or one of them was not speaking TLS at all (https:// to a plain HTTP port, or the reverse).',
  'tls-certificate':
    "The TCP connection worked and the TLS handshake began, but the client rejected the server's certificate: issued by an authority it does not trust (e.g. self-signed), expired, or not issued for this name.",
  intermittent:
    'The description says the failure comes and goes but not how the connection fails, so repeated attempts are needed to catch it.',
  'server-rejects-client':
    'The connection worked and the server answered in its own protocol, but refused this client by its access rules (its address, user or database is not allowed).',
  'server-connection-limit':
    'The connection worked and the server answered in its own protocol, but refused it because it already has as many connections as it allows.',
  'server-requires-tls':
    'The connection worked and the server answered in its own protocol, but it accepts only encrypted (TLS) connections and this one was not.',
  'authentication-required':
    'The connection worked and the server answered in its own protocol, but it asks for a password or login that the client did not send.',
  'authentication-failed':
    'The connection worked and the server answered in its own protocol, but refused the user name or password.',
  'server-not-ready':
    'The connection worked and the server answered in its own protocol, but it is not ready for clients (starting up, loading data or shutting down).',
  'database-missing':
    'The connection worked and the server answered in its own protocol, but the database (or virtual host) asked for does not exist there.',
  'dropped-at-greeting':
    "The connection opened, then the server side ended it (a close or a reset) before or during its protocol's greeting: a server refusing this client (an access rule or a connection limit), or a forwarder or proxy with nothing behind it.",
  unknown:
    'This message was not recognised, so it cannot point to a shortcut: the diagnosis starts from the beginning and the probes find out what happens on the wire.',
};

/**
 * Ordered most specific first, because messages overlap: the first pattern that matches wins. A message often
 * carries several clues (curl 7 with "No route to host", Node's "socket hang up" with code ECONNRESET, a DNS
 * lookup that "timed out"), and the clue that says most about the wire must be tried before the generic one.
 * Each tier is a table of its own in ./symptoms/; gated tiers run only when their gate matches.
 */
const symptomTiers: readonly SymptomTier[] = [
  { patterns: dnsPatterns },
  { patterns: certificatePatterns },
  { patterns: tlsPatterns },
  // Gateways' lines carry the errno of their own connection to a backend: before the codes and OS phrases.
  gatewayTier,
  databaseTier,
  // A protocol server's refusal names more than the reset or close that ends it: before the codes and OS phrases.
  protocolTier,
  clientTier,
  { patterns: wordingPatterns },
  localizedWindowsTier,
  { patterns: codePatterns },
  { patterns: curlExitPatterns },
  { patterns: osPhrasePatterns },
  // Last: words that only say the failure comes and goes. A specific error anywhere in the text wins.
  { patterns: [{ pattern: intermittentWords, id: 'intermittent', source: 'description of the failure' }] },
];

/** Every pattern, in the order they are tried. */
export const symptomPatterns: readonly SymptomPattern[] = symptomTiers.flatMap((tier) => tier.patterns);

/** The tiers, for tests that check each gate lets through what its patterns match. */
export const gatedTiers = symptomTiers.filter((tier) => tier.gate !== undefined);

/** The bounds: what the report shows of the user's text, and how much of it the patterns read. */
const MAX_SHOWN = 500;
const MAX_READ = 16_000;

/**
 * Decodes the error message a user saw (`--symptom`) into its failure family and what it means on the wire.
 * Unknown text decodes to `unknown`; it never throws. This is where the user's text enters the session, so its
 * secrets (tokens, cookies, passwords in curl -v output or connection strings) are redacted first: nothing
 * below, nor any report, sees them; the error message around them decodes the same.
 */
export function decodeSymptom(text: string): DecodedSymptom {
  const trimmed = redactSecrets(text.trim());
  const input = visibleText(trimmed, MAX_SHOWN);
  const read = boundedForReading(trimmed);
  // Gates are shared by many patterns: each runs at most once per text.
  const gates = new Map<RegExp, boolean>();
  const opens = (gate: RegExp | undefined) => {
    if (!gate) return true;
    const known = gates.get(gate);
    if (known !== undefined) return known;
    const open = gate.test(read);
    gates.set(gate, open);
    return open;
  };
  for (const { gate, patterns } of symptomTiers) {
    if (!opens(gate)) continue;
    for (const entry of patterns) {
      if (!opens(entry.gate)) continue;
      const match = entry.pattern.exec(read);
      if (!match) continue;
      const code = (match[1] ?? match[0]).toUpperCase();
      return {
        input,
        id: entry.id,
        source: entry.source.replace('{code}', code),
        meaning: entry.meaning ?? familyMeanings[entry.id],
        ...(entry.gateway ? { gateway: true } : {}),
      };
    }
  }
  const source = trimmed === '' ? 'no message given' : 'unrecognised message';
  return { input, id: 'unknown', source, meaning: familyMeanings.unknown };
}

/**
 * Whether the text also says the failure comes and goes. A specific error in the text decides the symptom id
 * ("sometimes ECONNRESET" is `reset`), so callers that turn on repeated connects should ask this too.
 */
export function soundsIntermittent(text: string): boolean {
  return intermittentWords.test(boundedForReading(text));
}

/**
 * Advice tools print with every error, which is not the user saying anything: Safari's "This sometimes occurs
 * when the server is busy" does not make a failure intermittent.
 */
const BOILERPLATE = /This sometimes occurs when the server is busy\.?/gi;

/**
 * What the patterns read: colour codes removed (text pasted from a terminal keeps them, and `\x1b[31mECONNRESET`
 * has no word boundary before the code), boilerplate advice removed, and for long stack traces both ends, since
 * Java and Python put the root cause last, Node and Go first.
 */
function boundedForReading(text: string): string {
  const plain = text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(BOILERPLATE, '');
  if (plain.length <= MAX_READ) return plain;
  return `${plain.slice(0, MAX_READ / 2)}\n${plain.slice(-MAX_READ / 2)}`;
}

/**
 * For each symptom, the verdicts whose wire behaviour is what the symptom describes. `proxy-interference` fits
 * every network symptom: a proxy in the path can turn any failure into any message. `intermittent-failures`
 * fits the failures a flaky service shows (its repeated connects mix successes with these). `healthy` and the
 * HTTP status verdicts fit none: there the connection worked.
 */
export const symptomVerdicts: Readonly<Record<Exclude<SymptomId, 'unknown' | 'intermittent'>, readonly VerdictId[]>> = {
  refused: [
    'no-listener',
    'listener-bound-elsewhere',
    'listener-came-up',
    'address-family-mismatch',
    'intermittent-failures',
    'proxy-interference',
  ],
  // Accepted, then gone: the two families accept each other's verdicts. Node's "socket hang up" is said for an
  // RST as well as a FIN before a response, and a client that writes after the server's FIN gets an RST back,
  // so the user may see a reset where the probe sees a clean close, and the reverse.
  reset: [
    'reset-after-accept',
    'forwarder-backend-down',
    'idle-keepalive-close',
    'closed-without-response',
    'intermittent-failures',
    'proxy-interference',
  ],
  'closed-without-response': [
    'closed-without-response',
    'forwarder-backend-down',
    'idle-keepalive-close',
    'reset-after-accept',
    'intermittent-failures',
    'proxy-interference',
  ],
  timeout: ['port-filtered', 'no-response', 'intermittent-failures', 'proxy-interference'],
  'dns-not-found': ['dns-no-such-host', 'dns-no-address', 'proxy-interference'],
  'dns-temporary': ['dns-resolver-failure', 'proxy-interference'],
  'host-unreachable': ['host-unreachable', 'proxy-interference'],
  'network-unreachable': ['network-unreachable', 'proxy-interference'],
  'tls-error': [
    'tls-handshake-failure',
    'tls-to-plaintext-port',
    'plaintext-to-tls-port',
    'tls-certificate-untrusted',
    'tls-certificate-expired',
    'tls-hostname-mismatch',
    'unexpected-protocol',
    'proxy-interference',
  ],
  'tls-certificate': [
    'tls-certificate-untrusted',
    'tls-certificate-expired',
    'tls-hostname-mismatch',
    'proxy-interference',
  ],
  // A server's refusal in its own protocol is reproduced only by the handshake reading that same refusal: the
  // text names what the server said, so a proxy or a flaky network does not explain it.
  'server-rejects-client': ['server-rejects-client'],
  // A limit is reached at some moments and not others, so repeated connects that fail now and then fit it too.
  'server-connection-limit': ['server-connection-limit', 'intermittent-failures'],
  'server-requires-tls': ['server-requires-tls'],
  // A server that asks for a password reproduces the text when asked with a wrong one, too.
  'authentication-required': ['authentication-required', 'authentication-failed'],
  'authentication-failed': ['authentication-failed'],
  'server-not-ready': ['server-not-ready'],
  'database-missing': ['database-missing'],
  // Ended at the greeting: the handshake sees it as sshd does it (a refusal or a limit), or the probes see a close
  // or a reset after accept, or a forwarder whose backend is down.
  'dropped-at-greeting': [
    'server-rejects-client',
    'server-connection-limit',
    'closed-without-response',
    'reset-after-accept',
    'forwarder-backend-down',
    'intermittent-failures',
    'proxy-interference',
  ],
};

/**
 * A gateway's message about its backend (nginx's "connect() failed (111: …) while connecting to upstream") is
 * also what the client sees when the probes find the gateway answering with its own error, or a forwarder whose
 * backend is down: those verdicts reproduce it as well as the family's own, found when the backend is probed.
 */
const gatewayVerdicts: readonly VerdictId[] = ['http-upstream-error', 'forwarder-backend-down'];

/**
 * Whether a verdict explains the symptom the user reported: true when the verdict's wire behaviour is what the
 * symptom describes, false when the probes found something else, null when the symptom names no behaviour.
 * `gateway`: the message is a gateway's about its backend (DecodedSymptom.gateway).
 */
export function symptomMatchesVerdict(symptom: SymptomId, verdictId: VerdictId, gateway = false): boolean | null {
  if (symptom === 'unknown' || symptom === 'intermittent') return null;
  return symptomVerdicts[symptom].includes(verdictId) || (gateway && gatewayVerdicts.includes(verdictId));
}
