import type { guards } from './guards.js';
import type { Facts } from './facts.js';
import type { StepName } from './step-kinds.js';
import type { Verdict, VerdictId } from './verdict-ids.js';

/** The named pieces of work a probe node can run, as step-kinds.ts lists them with what each reports. */
export type { StepName };

/** A test on the facts, named so the tree can print itself. */
export interface Guard {
  /** How `--explain` reads this edge: "every address refused the connection". */
  describe: string;
  test(facts: Facts): boolean;
}

/** Where an edge leads: another node, or the end of the walk with a verdict. */
export type Edge = { when: GuardName; goto: string } | { when: GuardName; verdict: VerdictId };

export interface Choice {
  value: string;
  label: string;
}

/** A typed answer a question accepts besides its choices; `kind` says how a front end checks it. */
export interface OtherAnswer {
  /** What the input is, as the prompt names it: "Another port". */
  label: string;
  kind: 'port';
}

interface NodeBase {
  /** Stable dotted id, as in reports: `dns.lookup`. */
  id: string;
  title: string;
  /** Tried in order; the first whose guard holds wins. */
  edges: readonly Edge[];
}

export type TreeNode =
  /** Runs a step and branches on what it measured. */
  | (NodeBase & {
      kind: 'probe';
      step: StepName;
    })
  /** Asks the user (or takes the default) and branches on the answer. */
  | (NodeBase & {
      kind: 'question';
      prompt: string;
      /** A line under the prompt built from the facts, e.g. the command to run on the server. */
      detail?: (facts: Facts) => string;
      choices: readonly Choice[];
      defaultValue: string;
      /**
       * The probes already found the failure and the answer only refines why: a front end with a person at it
       * may take the default first, show the verdict, and ask when the user wants to refine it.
       */
      deferrable?: boolean;
      /** A value the user may type instead of picking a choice (a port not in the list). */
      other?: OtherAnswer;
    })
  /** Branches on facts already known, without running anything. */
  | (NodeBase & { kind: 'branch' });

export interface DiagnosisTree {
  entry: string;
  nodes: Readonly<Record<string, TreeNode>>;
}

/** Builds a verdict's words and evidence from the facts that led to it. */
export type VerdictBuilder = (facts: Facts) => Verdict;

/** Words for every verdict id: a full record, so an id without a builder does not compile. */
export type VerdictBuilders = Record<VerdictId, VerdictBuilder>;

export type GuardName = keyof typeof guards;
