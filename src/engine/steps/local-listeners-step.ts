import { listLocalListeners } from '../../probes/local-listeners/list-local-listeners.js';
import type { LocalListenersResult } from '../../probes/local-listeners/listener.js';
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
  const [local, place] = await Promise.all([
    listLocalListeners(portOf(facts), budget, undefined, early.listenerTables ? { tables: early.listenerTables } : {}),
    whereAmI(),
  ]);
  return {
    patch: { local, place },
    outcome: local.kind === 'listeners' ? (local.listeners.length ? 'found' : 'none') : 'unavailable',
    summary:
      summarise(local) +
      (place.kind === 'host'
        ? ''
        : `; running inside ${place.kind === 'wsl' ? 'WSL' : `a container (${place.runtime})`}`),
    details: { ...local, place },
  };
};
