import { staleReuseRisks } from '../../probes/client-pool-timeouts.js';
import type { Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, ms } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';

export function idleKeepaliveClose(facts: Facts): Verdict {
  const keepalive = facts.keepalive;
  const idleMs = keepalive?.kind === 'closed-after-idle' ? keepalive.idleMs : 0;
  const header = keepalive?.kind === 'closed-after-idle' ? keepalive.keepAliveHeader : null;
  const risks = staleReuseRisks(idleMs, header).filter((r) => r.risk.kind === 'stale-reuse');
  return {
    id: 'idle-keepalive-close',
    title: `The server closes idle connections after ${ms(idleMs)}; pooled clients reuse them after that`,
    summary:
      `Everything works on a fresh connection. But the server closes a kept-alive connection once it has been idle ` +
      `for ${ms(idleMs)}${header ? ` (it announces Keep-Alive: ${header})` : ''}. Clients that pool connections and keep ` +
      `them longer than that send their next request on a connection the server has just closed, and get ` +
      `ECONNRESET or "socket hang up" on that request, while every other request works.`,
    confidence: 'likely',
    evidence: [
      ...connectEvidence(facts),
      ...exchangeEvidence(facts),
      `idle keep-alive connection closed by the server after ${ms(idleMs)} (${keepalive?.kind === 'closed-after-idle' ? keepalive.how.toUpperCase() : '?'})`,
      ...(risks.length ? [`clients that would reuse it too late: ${risks.map((r) => r.pool.client).join(', ')}`] : []),
    ],
    nextSteps: [
      'Make the client drop idle connections sooner than the server (below its idle time), e.g. Node: `new http.Agent({ keepAlive: true, timeout: ' +
        `${Math.max(500, idleMs - 1000)}` +
        ' })`; Go: `Transport.IdleConnTimeout`; Python urllib3: retry on connection errors',
      ...risks.slice(0, 3).map((r) => `${r.pool.client}: ${r.pool.setting}`),
      "Or raise the server's keep-alive timeout above the clients' (nginx `keepalive_timeout`, Node `server.keepAliveTimeout`)",
    ],
  };
}
