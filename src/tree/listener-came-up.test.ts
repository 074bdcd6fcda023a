import { describe, expect, it } from 'vitest';
import type { LocalListener } from '../probes/local-listeners/listener.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import { diagnosisTree } from './diagnosis-tree.js';
import type { Facts } from './facts.js';
import { guards } from './guards.js';
import { attempt, factsFor } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

// A refused loopback connect, then this machine's listener table: which verdict the listeners step's edges choose,
// and how it reads. A listener on the very address that refused contradicts the refusal; the second connect the
// step makes then (localRecheck) tells a service that came up from a rule that rejects.
const port = 3000;
const listener = (address: string): LocalListener => ({
  address,
  family: address.includes(':') ? 6 : 4,
  port,
  pid: 4242,
  process: 'node',
  forwarder: null,
});

function factsWith(listeners: LocalListener[], localRecheck?: TcpConnectResult): Facts {
  return factsFor({
    url: `tcp://127.0.0.1:${port}`,
    tcp: [attempt('refused', '127.0.0.1', port)],
    local: { kind: 'listeners', port, source: 'proc', listeners, hiddenOwners: false, complete: true, durationMs: 1 },
    ...(localRecheck ? { localRecheck } : {}),
  });
}

function verdictOf(facts: Facts) {
  const edge = diagnosisTree.nodes['local.listeners']!.edges.find((e) => guards[e.when].test(facts))!;
  if (!('verdict' in edge)) return { goto: edge.goto };
  return verdictBuilders[edge.verdict](facts);
}

describe('a refusal that a listener on the same address contradicts', () => {
  it('is listener-came-up, certain, when the second connect is accepted: the service started meanwhile', () => {
    const verdict = verdictOf(factsWith([listener('127.0.0.1')], attempt('open', '127.0.0.1', port)));
    expect(verdict).toMatchObject({ id: 'listener-came-up', confidence: 'certain' });
    if (!('id' in verdict)) throw new Error('no verdict');
    expect(verdict.title).toBe('Port 3000 started listening during the check');
    expect(verdict.evidence).toContain('connect again to 127.0.0.1:3000: accepted');
    expect(verdict.evidence).toContain('then listening: 127.0.0.1:3000, node (pid 4242)');
    expect(verdict.nextSteps.join('\n')).toContain('conn-doctor --wait 60s tcp://127.0.0.1:3000');
  });

  it('is port-filtered, likely, naming this machine, when the second connect is refused as well', () => {
    const verdict = verdictOf(factsWith([listener('0.0.0.0')], attempt('refused', '127.0.0.1', port)));
    expect(verdict).toMatchObject({ id: 'port-filtered', confidence: 'likely' });
    if (!('id' in verdict)) throw new Error('no verdict');
    expect(verdict.title).toBe('Something on this machine rejects connections to port 3000');
    expect(verdict.evidence).toContain('connect again to 127.0.0.1:3000: refused');
  });

  it('stays listener-bound-elsewhere when the listener is on another address (no second connect was made)', () => {
    expect(verdictOf(factsWith([listener('127.0.0.2')]))).toMatchObject({ id: 'listener-bound-elsewhere' });
  });

  it('goes on to ask where the server runs when nothing listens', () => {
    expect(verdictOf(factsWith([]))).toEqual({ goto: 'server.location' });
  });
});
