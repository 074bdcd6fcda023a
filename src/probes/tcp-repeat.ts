import type { ProbeBudget } from './probe-budget.js';
import { tcpConnect, type TcpConnectResult, type TcpEndpoint } from './tcp-connect.js';

/** Repeated connects to one endpoint (tcping-style), one at a time so each measures the path alone. */
export interface TcpRepeatResult {
  attempts: TcpConnectResult[];
  succeeded: number;
  failed: number;
  /** Connect times of the attempts that opened, in ms; null when none did. */
  connectMs: { min: number; median: number; p95: number; max: number } | null;
}

/** More than this is a load test, not a diagnosis. */
export const maxRepeat = 100;

export async function tcpRepeat(
  endpoint: TcpEndpoint,
  count: number,
  budget: ProbeBudget,
  options: { gapMs?: number } = {},
): Promise<TcpRepeatResult> {
  const gapMs = options.gapMs ?? 100;
  const attempts: TcpConnectResult[] = [];
  for (let i = 0; i < Math.min(count, maxRepeat) && !budget.signal?.aborted; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    attempts.push(await tcpConnect(endpoint, budget));
  }
  const times = attempts.flatMap((a) => (a.kind === 'open' ? [a.connectMs] : [])).sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
  return {
    attempts,
    succeeded: times.length,
    failed: attempts.length - times.length,
    connectMs:
      times.length === 0 ? null : { min: times[0] ?? 0, median: at(0.5), p95: at(0.95), max: times.at(-1) ?? 0 },
  };
}
