import type { StepDetails, StepName, StepOutcome } from '../tree/step-kinds.js';
import type { DecodedSymptom } from '../tree/symptom.js';
import type { Verdict } from '../tree/verdict-ids.js';
import type { Target } from '../shared/target.js';
import type { ProxyDecision } from '../probes/proxy-settings.js';

/** One node of the tree that ran a step of kind `K`, with its measured result. */
export interface StepOf<K extends StepName> {
  /** The tree node's stable dotted id, e.g. `dns.lookup`, `tcp.connect`. */
  id: string;
  /**
   * Which step ran (`dns.resolve`, `tcp.connect-all`, …): it types the outcome and the details. Several nodes may
   * run the same kind (`proxy.check` runs at `proxy.detour` too). Not in the JSON report, which names the node.
   */
  kind: K;
  title: string;
  /** A short stable word for the outcome (`resolved`, `refused`, `response`, …). */
  outcome: StepOutcome<K>;
  /** One human line with the key measurement: "127.0.0.1:8080 refused (RST) in 0.3 ms". */
  summary: string;
  durationMs: number;
  /** The probe's typed result: plain serialisable data. */
  details: StepDetails<K>;
}

/**
 * A step of any kind: narrow on `kind` to read its outcome and details as the probe typed them. A `switch`
 * with a `never` default, or a record over `StepName`, makes a new kind a compile error where it is not handled.
 */
export type Step = StepOfAny<StepName>;

/**
 * A step of one of the kinds `K`. Generic code that builds a `StepOf<K>` returns it as `StepOfAny<K>`: that
 * is the same type to the compiler, and the whole union `Step` where `K` is any kind.
 */
export type StepOfAny<K extends StepName> = { [P in K]: StepOf<P> }[K];

export interface Answer {
  /** The question node's id. */
  id: string;
  question: string;
  /** The chosen value (stable), and its label as shown. */
  value: string;
  answer: string;
  /** True when nobody was asked and the default was taken (non-interactive runs). */
  defaulted: boolean;
}

export interface Environment {
  platform: NodeJS.Platform;
  node: string;
  /** The resolver used instead of the system's, from `--dns-server`. */
  dnsServer: string | null;
  /** The extra CA file from `--ca`, trusted on top of the system store. */
  caFile: string | null;
  /** Where the proxy variables send this target (credentials redacted), as curl would. */
  proxy: ProxyDecision;
  timeoutMs: number;
}

/** A whole diagnosis: every report is a pure function of this. */
export interface Session {
  target: Target;
  symptom: DecodedSymptom | null;
  /** Whether the probes saw what the symptom describes; null without a symptom. */
  symptomReproduced: boolean | null;
  environment: Environment;
  startedAt: string;
  finishedAt: string;
  steps: Step[];
  answers: Answer[];
  verdict: Verdict;
}
