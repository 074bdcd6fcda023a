/**
 * The engine: walks the decision tree, runs each step's probes, asks questions through the answer provider it
 * is given, and returns the session every report is made from. Every front end drives this one loop.
 *
 *     const session = await runDiagnosis({
 *       target: parsed.target, credentials: null, symptom: 'ECONNREFUSED',
 *       timeoutMs: 3000, dnsServer: null, answer: defaultAnswers, onEvent: (e) => console.error(e.type),
 *     });
 *     console.log(session.verdict.id); // 'no-listener'
 */
import { diagnosisTree } from '../tree/diagnosis-tree.js';
import { portOf, proxyRoute, type Facts } from '../tree/facts.js';
import { guards } from '../tree/guards.js';
import type { DiagnosisTree, Edge, StepName, TreeNode } from '../tree/tree-types.js';
import type { Verdict } from '../tree/verdict-ids.js';
import { verdictBuilders } from '../tree/verdicts/verdict-builders.js';
import type { AnswerProvider, EngineListener } from './events.js';
import type { DiagnosisRequest } from './run-in-worker.js';
import type { Answer, Session, Step, StepOfAny } from './session.js';
import type { Target } from '../shared/target.js';
import type { EarlyReads, StepContext, StepRunner } from './steps/step-runner.js';
import { stepRunners } from './steps/step-runners.js';
import { isLoopbackAddress } from '../probes/local-listeners/is-local-address.js';
import { readProcNetTables } from '../probes/local-listeners/proc-listeners.js';
import { warmUpSockets } from '../probes/warm-up-sockets.js';
import { ConnectionParking } from '../probes/connection-parking.js';
import { isoTimestamp } from '../shared/iso-timestamp.js';
import { nowMs } from '../shared/monotonic-clock.js';
import type { SharedReads } from './shared-reads.js';

export interface DiagnosisOptions extends DiagnosisRequest {
  /** Where proxy variables are read; the process's environment by default. */
  env?: NodeJS.ProcessEnv;
  answer: AnswerProvider;
  onEvent?: EngineListener;
  signal?: AbortSignal;
  tree?: DiagnosisTree;
  platform?: NodeJS.Platform;
  /**
   * What this diagnosis reads together with others running beside it (a sweep: src/engine/run-sweep.ts): the
   * machine's socket tables, name lookups and the proxy variables, each read once for all. Absent, it reads its own.
   */
  shared?: SharedReads;
}

/** Thrown for a fault in the tree itself (a missing node, no matching edge): a bug, never a network outcome. */
export class TreeError extends Error {}

export async function runDiagnosis(options: DiagnosisOptions): Promise<Session> {
  // Kept no longer than one probe's budget: the step that uses it comes right after the connect check.
  const parking = new ConnectionParking(options.timeoutMs);
  try {
    return await walkTree(options, parking);
  } finally {
    parking.closeAll();
  }
}

/** The walk itself, with the connections the connect check keeps for the step after it. */
async function walkTree(options: DiagnosisOptions, parking: ConnectionParking): Promise<Session> {
  const tree = options.tree ?? diagnosisTree;
  const emit = options.onEvent ?? (() => {});
  const startedAt = new Date();
  // The decoder is a large table: load it only when there is a symptom to decode.
  const [decoder] = await Promise.all([
    options.symptom === null ? null : import('../tree/symptom-decoder.js'),
    warmUpSockets(),
  ]);
  const symptom = decoder && options.symptom !== null ? decoder.decodeSymptom(options.symptom) : null;
  let facts: Facts = {
    target: options.target,
    symptom,
    platform: options.platform ?? process.platform,
    dnsServer: options.dnsServer,
    caFile: options.caFile ?? null,
    timeoutMs: options.timeoutMs,
    repeatCount: options.repeat ?? null,
    env: options.env ?? options.shared?.env ?? process.env,
    answers: {},
  };
  const steps: Step[] = [];
  const answers: Answer[] = [];
  const budget = { timeoutMs: options.timeoutMs, signal: options.signal };
  // The machine's own platform, not the one the report's commands are worded for (facts.platform).
  const early = startEarlyReads(options.target, process.platform, options.shared);

  let node = nodeById(tree, tree.entry);
  // Each node runs at most once per walk, so the walk cannot loop.
  for (let visited = 0; visited <= Object.keys(tree.nodes).length; visited++) {
    if (node.kind === 'probe') {
      emit({ type: 'step-started', id: node.id, title: node.title });
      const { step, patch } = await runStep(node.step, node, {
        facts,
        credentials: options.credentials,
        requestPath: options.requestPath ?? null,
        budget,
        early,
        resolveName: options.shared?.resolveName,
        parking,
      });
      facts = { ...facts, ...patch };
      steps.push(step);
      emit({ type: 'step-finished', step });
    } else if (node.kind === 'question') {
      const question = {
        id: node.id,
        prompt: node.prompt,
        detail: node.detail?.(facts) ?? null,
        choices: node.choices,
        defaultValue: node.defaultValue,
        deferrable: node.deferrable ?? false,
        other: node.other ?? null,
      };
      emit({ type: 'question-asked', question });
      const choice = await options.answer(question);
      const label = node.choices.find((c) => c.value === choice.value)?.label ?? choice.value;
      const answer: Answer = {
        id: node.id,
        question: node.prompt,
        value: choice.value,
        answer: label,
        defaulted: choice.defaulted,
      };
      facts = { ...facts, answers: { ...facts.answers, [node.id]: choice.value } };
      answers.push(answer);
      emit({ type: 'question-answered', answer });
    }

    const edge = firstMatchingEdge(node, facts);
    if ('verdict' in edge) {
      const verdict = buildVerdict(edge.verdict, facts);
      emit({ type: 'verdict', verdict });
      return {
        target: { ...facts.target, port: portOf(facts) },
        symptom,
        symptomReproduced:
          decoder && symptom ? decoder.symptomMatchesVerdict(symptom.id, verdict.id, symptom.gateway) : null,
        environment: {
          platform: facts.platform,
          node: process.version,
          dnsServer: options.dnsServer,
          caFile: options.caFile ?? null,
          proxy: proxyRoute(facts),
          timeoutMs: options.timeoutMs,
        },
        startedAt: isoTimestamp(startedAt),
        finishedAt: isoTimestamp(new Date()),
        steps,
        answers,
        verdict,
      };
    }
    node = nodeById(tree, edge.goto);
  }
  throw new TreeError('the decision tree walked in a circle');
}

/** Runs one probe node's step; generic in its kind, so the step's outcome and details keep the runner's types. */
async function runStep<K extends StepName>(
  kind: K,
  node: Pick<TreeNode, 'id' | 'title'>,
  context: StepContext,
): Promise<{ step: StepOfAny<K>; patch: Partial<Facts> }> {
  const started = nowMs();
  const runner: StepRunner<K> = stepRunners[kind];
  const output = await runner(context);
  const step: StepOfAny<K> = {
    id: node.id,
    kind,
    title: node.title,
    outcome: output.outcome,
    summary: output.summary,
    durationMs: nowMs() - started,
    details: output.details,
  };
  return { step, patch: output.patch };
}

function nodeById(tree: DiagnosisTree, id: string): TreeNode {
  const node = tree.nodes[id];
  if (!node) throw new TreeError(`the decision tree has no node "${id}"`);
  return node;
}

function firstMatchingEdge(node: TreeNode, facts: Facts): Edge {
  const edge = node.edges.find((candidate) => guards[candidate.when].test(facts));
  if (!edge) throw new TreeError(`no edge of "${node.id}" matches`);
  return edge;
}

function buildVerdict(id: Verdict['id'], facts: Facts): Verdict {
  return verdictBuilders[id](facts);
}

/**
 * A loopback target that refuses is looked into on this machine, by its socket tables; their read starts now, in
 * Node's thread pool, and costs nothing on this thread if the target answers. Linux only: elsewhere the tables
 * come from a command run when needed. In a sweep, every loopback row reads the one snapshot the sweep shares.
 */
function startEarlyReads(target: Target, platform: NodeJS.Platform, shared: SharedReads | undefined): EarlyReads {
  const loopback = target.hostKind === 'localhost' || (target.hostKind !== 'name' && isLoopbackAddress(target.host));
  if (!loopback || (platform !== 'linux' && platform !== 'android')) return { listenerTables: null };
  return { listenerTables: shared ? shared.listenerTables() : readProcNetTables() };
}
