import { tlsHandshake } from '../../probes/tls-handshake.js';
import { schemeProtocol } from '../../shared/target.js';
import type { TlsResult } from '../../probes/tls-result.js';
import { portOf, serverNameOf } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepContext, StepRunner } from './step-runner.js';
import { trustStoreFor } from './trust.js';

function summarise(tls: TlsResult): string {
  switch (tls.kind) {
    case 'secure': {
      const { protocol, cipher, verification } = tls.session;
      const trust = verification.chainError ?? verification.hostnameError?.code ?? 'certificate trusted';
      return `${protocol} ${cipher} in ${ms(tls.handshakeMs)}; ${trust}`;
    }
    case 'alert':
      return `the server refused with a TLS alert: ${tls.alert.description}${tls.stage === 'after-handshake' ? ' (after the handshake)' : ''}`;
    case 'plaintext-reply':
      return `plain bytes instead of TLS: "${tls.firstBytes.text.slice(0, 50)}"`;
    case 'closed-during-handshake':
      return `the server ${tls.how === 'closed' ? 'closed (FIN)' : 'reset (RST)'} the connection during the handshake`;
    case 'handshake-error':
      return `handshake failed: ${tls.reason}`;
    case 'no-response':
      return `no answer to the TLS ClientHello within ${ms(tls.waitedMs)}`;
    case 'connect-failed':
      return `connect failed this time: ${attemptLine(tls.connect)}`;
    case 'aborted':
      return 'cancelled';
  }
}

// Lives with the other facts helpers, so that steps without TLS code (the protocol handshake) can use it.
export { serverNameOf };

/** A TLS server answers a ClientHello within one round trip; a port that is silent that long does not speak TLS. */
const portCheckMs = 1000;

/**
 * The handshake both TLS steps run, to the first open address, with the session's trust store. For rediss://,
 * amqps://, smtps:// it offers no ALPN, as those protocols' clients do: an HTTP offer (`h2`, `http/1.1`) is refused
 * by servers that check it (Exim 4.96 ends the handshake with `no_application_protocol`).
 */
async function handshake({ facts, budget }: StepContext) {
  const open = openAttempt(facts);
  if (!open) throw new Error('tls.handshake reached without an open address');
  const { ca } = await trustStoreFor(facts.caFile);
  const tls = await tlsHandshake(
    { address: open.address, family: open.family, port: portOf(facts) },
    { servername: serverNameOf(facts), ca, ...(schemeProtocol(facts.target.scheme) ? { alpn: [] } : {}) },
    budget,
  );
  return { patch: { tls }, outcome: tls.kind, summary: summarise(tls), details: tls };
}

export const tlsStep: StepRunner<'tls.handshake'> = handshake;

/** The same handshake on an http:// target's port, to tell a TLS port from a server that hung up. */
export const tlsPortCheckStep: StepRunner<'tls.port-check'> = (context) =>
  handshake({ ...context, budget: { ...context.budget, timeoutMs: Math.min(context.budget.timeoutMs, portCheckMs) } });
