import { describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import { diagnosisTree } from '../tree/diagnosis-tree.js';
import type { StepName } from '../tree/step-kinds.js';
import * as exchange from './exchange-fixtures.test-helper.js';
import { type JsonStep, toJsonReport } from './json-report.js';
import { jsonStepMark, nodesOfKind, stepFromJson, stepsFromJson } from './json-step.js';
import * as svc from './service-fixtures.test-helper.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import { stepMark } from './step-mark.js';
import * as tls from './tls-fixtures.test-helper.js';

const fixtures: [string, () => Session][] = [
  ['no listener', noListenerSession],
  ['healthy http', healthyHttpSession],
  ['filtered', exchange.filteredSession],
  ['bad gateway', exchange.badGatewaySession],
  ['ssh banner', exchange.sshBannerSession],
  ['family split', exchange.familySplitSession],
  ['nxdomain', () => exchange.dnsFailureSession({ kind: 'no-such-host', danglingCname: null })],
  ['tls healthy', tls.tlsHealthySession],
  ['self-signed', tls.selfSignedSession],
  ['old version', tls.oldVersionSession],
  ['http to a tls port', tls.httpToTlsPortSession],
  ['postgres port', svc.postgresPortSession],
  ['flaky', svc.flakySession],
];

const jsonSteps = (session: Session) => toJsonReport(session, { version: '1.2.3' }).steps;
const step = (overrides: Partial<JsonStep>): JsonStep => ({
  id: 'tcp.connect',
  title: 'Connect to every address',
  outcome: 'refused',
  summary: '',
  durationMs: 0.3,
  details: [],
  ...overrides,
});

describe('stepFromJson', () => {
  it.each(fixtures)('reads the JSON steps of a %s session back as the same kinds and marks', (_, make) => {
    const session = make();
    const read = stepsFromJson(jsonSteps(session));
    expect(read.map((s) => [s.id, s.kind, s.outcome])).toEqual(session.steps.map((s) => [s.id, s.kind, s.outcome]));
    expect(read.map(stepMark)).toEqual(session.steps.map(stepMark));
    expect(jsonSteps(session).map(jsonStepMark)).toEqual(session.steps.map(stepMark));
  });

  it('knows the kind of every probe node of the tree, and no node the tree does not have', () => {
    const probes = Object.values(diagnosisTree.nodes).flatMap((node) =>
      node.kind === 'probe' ? [[node.id, node.step] as const] : [],
    );
    const listed = Object.entries(nodesOfKind).flatMap(([kind, ids]) => ids.map((id) => [id, kind] as const));
    expect(new Map<string, string>(listed)).toEqual(new Map<string, StepName>(probes));
  });

  it('reads a node or an outcome this build does not know as nothing, marked as information', () => {
    expect(stepFromJson(step({}))?.kind).toBe('tcp.connect-all');
    for (const unknown of [step({ id: 'udp.ping' }), step({ outcome: 'half-open' }), step({ details: null })]) {
      expect(stepFromJson(unknown)).toBeNull();
      expect(jsonStepMark(unknown)).toBe('info');
    }
    expect(jsonStepMark(step({}))).toBe('fail');
  });
});
