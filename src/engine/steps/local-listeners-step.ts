import { listenerCovers } from '../../probes/local-listeners/listener-covers.js';
import { listLocalListeners } from '../../probes/local-listeners/list-local-listeners.js';
import type { LocalListenersResult } from '../../probes/local-listeners/listener.js';
import { tcpConnect, type TcpConnectResult } from '../../probes/tcp-connect.js';
import { whereAmI } from '../../probes/where-am-i.js';
import { hostPort } from '../../tree/commands.js';
import { portOf } from '../../tree/facts.js';
import type { StepRunner } from './step-runner.js';

function summarise(result: LocalListenersResult): string {
  if (result.kind === 'unavailable') return `could not read this machine's listeners: ${result.reason}`;
  if (result.listeners.length === 0) return `nothing on this machine listens on port ${result.port}`;
  const owners = result.listeners.map(
    (l) => `${hostPort(l.address, l.port)} (${l.process ?? 'unknown process'}${l.pid !== null ? ` pid ${l.pid}` : ''})`,
  );
  return `listening on port ${result.port}: ${owners.join(', ')}`;
}

export const localListenersStep: StepRunner<'local.listeners'> = async ({ facts, budget, early }) => {
  // Where this process runs decides what "localhost" means: a container's or WSL's own loopback.
  const [read, place] = await Promise.all([
    listLocalListeners(portOf(facts), budget, undefined, early.listenerTables ? { tables: early.listenerTables } : {}),
    whereAmI(),
  ]);
  let local = read;
  let recheck = await connectAgainIfListening(local, facts.tcp ?? [], budget);
  // Tables read ahead (at the diagnosis's start, or shared by a sweep's rows for 2 s) can be older than the refusal:
  // a listener they show that refuses again may have stopped since. Fresh tables decide before a rule is blamed.
  if (recheck && recheck.kind !== 'open' && early.listenerTables) {
    // The fresh tables are what is reported, whichever way they decide.
    local = await listLocalListeners(portOf(facts), budget);
    if (!refusedButListed(local, facts.tcp ?? [])) recheck = undefined;
  }
  return {
    patch: { local, place, ...(recheck ? { localRecheck: recheck } : {}) },
    outcome: local.kind === 'listeners' ? (local.listeners.length ? 'found' : 'none') : 'unavailable',
    summary:
      summarise(local) +
      (recheck ? `; ${hostPort(recheck.address, recheck.port)} connected again: ${recheck.kind}` : '') +
      (place.kind === 'host'
        ? ''
        : `; running inside ${place.kind === 'wsl' ? 'WSL' : `a container (${place.runtime})`}`),
    details: { ...local, place, ...(recheck ? { recheck } : {}) },
  };
};

/**
 * A listener on an address that refused a moment ago contradicts the refusal: the service started in between (a
 * server coming up, as `--wait` watches), or something on this machine rejects connections to it. One more connect
 * to that address tells which; none is made when no listener covers a refused address.
 */
async function connectAgainIfListening(
  local: LocalListenersResult,
  attempts: readonly TcpConnectResult[],
  budget: Parameters<typeof tcpConnect>[1],
): Promise<TcpConnectResult | undefined> {
  const refused = refusedButListed(local, attempts);
  if (!refused) return undefined;
  return tcpConnect({ address: refused.address, family: refused.family, port: refused.port }, budget);
}

/** The first connect attempt that was refused on an address a listener in `local` covers. */
function refusedButListed(local: LocalListenersResult, attempts: readonly TcpConnectResult[]) {
  if (local.kind !== 'listeners') return undefined;
  return attempts.find(
    (attempt) =>
      attempt.kind === 'refused' &&
      local.listeners.some((listener) => listenerCovers(listener, attempt.address, attempt.family)),
  );
}
