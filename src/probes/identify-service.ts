import type { BannerResult } from './banner-result.js';
import { realSocket, type SocketFactory } from './budgeted-socket.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import type { ProbeBudget } from './probe-budget.js';
import { sendHello, type HelloOutcome } from './send-hello.js';
import { RAW_HELLOS } from './service-hellos.js';
import type { IdentifyAttempt, IdentifyMethod, ServiceIdentity } from './service-identity.js';
import { readBanner } from './tcp-banner.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { tlsHandshake } from './tls-handshake.js';
import type { TlsResult } from './tls-result.js';
import { nowMs } from './monotonic-clock.js';

/** How long to listen for a server-first greeting: SSH, SMTP and MySQL speak at once; 800 ms is generous. */
const BANNER_WAIT_MS = 800;

/**
 * Finds out what speaks on a port: first listens for a greeting, then, if the server waits for the client, sends
 * harmless hellos one connection each (TLS ClientHello, HTTP HEAD, Redis PING, PostgreSQL SSLRequest) until a reply
 * is recognised. The listen takes at most a third of the budget, and each hello an equal share of what is left
 * (a quick answer leaves more for the next), so the whole never outlives `budget.timeoutMs`. Never throws.
 */
export async function identifyService(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
  options: {
    /**
     * Read the banner only, and send no hello: for a server that counts every connection without a login against
     * the client (OpenSSH 9.8+ blocks a source after ~15), where each hello would be one more.
     */
    bannerOnly?: boolean;
  } = {},
): Promise<ServiceIdentity> {
  const started = nowMs();
  const remaining = () => Math.max(0, budget.timeoutMs - (nowMs() - started));
  const share = (attemptsLeft: number): ProbeBudget => ({
    timeoutMs: remaining() / attemptsLeft,
    signal: budget.signal,
  });
  const tried: IdentifyAttempt[] = [];

  const waitMs = Math.min(BANNER_WAIT_MS, budget.timeoutMs / 3);
  const banner = await readBanner(endpoint, { timeoutMs: remaining(), signal: budget.signal }, { waitMs, connect });
  if (banner.kind === 'aborted') return banner;
  if (banner.kind === 'connect-failed') return { ...banner, tried };
  tried.push(bannerAttempt(banner));
  if (banner.kind === 'banner' && banner.protocol)
    return { kind: 'identified', protocol: banner.protocol, how: 'banner', tried };
  if (options.bannerOnly) return { kind: 'unknown', tried };

  const hellos: { how: IdentifyMethod; send(share: ProbeBudget): Promise<HelloOutcome> }[] = [
    {
      how: 'tls-hello',
      send: (share) => tlsHandshake(endpoint, { servername: null, ca: null }, share, connect).then(helloFromTls),
    },
    ...RAW_HELLOS.map((hello) => ({
      how: hello.how,
      send: (share: ProbeBudget) => sendHello(endpoint, hello, share, connect),
    })),
  ];
  for (const [i, { how, send }] of hellos.entries()) {
    if (remaining() < 1) break;
    const outcome = await send(share(hellos.length - i));
    if (outcome.kind === 'aborted') return outcome;
    if (outcome.kind === 'connect-failed') {
      // The port accepted the banner's connection: a connect slower than this hello's share says nothing new of it.
      if (outcome.connect.kind !== 'timeout') return { ...outcome, tried };
      tried.push({ how, outcome: 'silent', reply: null });
      continue;
    }
    tried.push(outcome.attempt);
    if (outcome.protocol) return { kind: 'identified', protocol: outcome.protocol, how, tried };
  }
  return { kind: 'unknown', tried };
}

function bannerAttempt(banner: Exclude<BannerResult, { kind: 'aborted' | 'connect-failed' }>): IdentifyAttempt {
  switch (banner.kind) {
    case 'banner':
      return { how: 'banner', outcome: banner.protocol ? 'identified' : 'unrecognised', reply: banner.bytes };
    case 'silent':
    case 'closed':
    case 'reset':
      return { how: 'banner', outcome: banner.kind, reply: null };
    default:
      return banner satisfies never;
  }
}

/** A TLS handshake read as a hello: any TLS answer, even a refusal, names TLS; plain bytes may name something else. */
function helloFromTls(result: TlsResult): HelloOutcome {
  const attempt = (
    outcome: IdentifyAttempt['outcome'],
    protocol: IdentifiedProtocol | null,
    reply: IdentifyAttempt['reply'] = null,
  ) => ({ kind: 'attempt', attempt: { how: 'tls-hello', outcome, reply }, protocol }) as const;
  const tls = (evidence: string) => attempt('identified', { id: 'tls', name: 'TLS', evidence });
  switch (result.kind) {
    case 'secure': {
      const { protocol, cipher, chain } = result.session;
      return tls(
        `${protocol} handshake completed (${cipher})${chain[0] ? `, certificate for ${chain[0].subject}` : ''}`,
      );
    }
    case 'alert':
      return tls(`TLS alert ${result.alert.description} (${result.alert.code})`);
    case 'handshake-error':
      return tls(`TLS records that our client refused: ${result.code} (${result.reason})`);
    case 'plaintext-reply':
      return attempt(result.protocol ? 'identified' : 'unrecognised', result.protocol, result.firstBytes);
    case 'closed-during-handshake':
      return attempt(result.firstBytes ? 'unrecognised' : result.how, null, result.firstBytes);
    case 'no-response':
      return attempt(result.firstBytes ? 'unrecognised' : 'silent', null, result.firstBytes);
    case 'connect-failed':
    case 'aborted':
      return result;
    default:
      return result satisfies never;
  }
}
