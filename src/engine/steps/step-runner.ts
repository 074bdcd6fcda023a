import type { ProcNetTables } from '../../probes/local-listeners/proc-listeners.js';
import type { ConnectionParking } from '../../probes/connection-parking.js';
import type { ProbeBudget } from '../../probes/probe-budget.js';
import type { Facts } from '../../tree/facts.js';
import type { StepDetails, StepName, StepOutcome } from '../../tree/step-kinds.js';
import type { Credentials } from '../../shared/target.js';
import type { NameResolver } from '../shared-reads.js';

export interface StepContext {
  facts: Facts;
  /** URL credentials: the HTTP request's Basic auth, the protocol handshake's user and the password it tests. */
  credentials: Credentials | null;
  /** The path and query the HTTP request sends, secrets included; `facts.target.path` shows them hidden. */
  requestPath: string | null;
  budget: ProbeBudget;
  /** Reads the diagnosis started ahead of need, for the step that uses them. */
  early: EarlyReads;
  /** How names are resolved: a sweep's shared lookups (one per name); absent, each step asks for itself. */
  resolveName?: NameResolver;
  /**
   * The connect check's open connections, kept for the step that speaks next (service identification, the protocol
   * handshake); absent, every step connects anew.
   */
  parking?: ConnectionParking;
}

/** What a diagnosis reads before a step asks for it, so that the read overlaps the probes before it. */
export interface EarlyReads {
  /** This machine's socket tables, for a loopback target on Linux (its refusal is looked into there). */
  listenerTables: Promise<ProcNetTables> | null;
}

/** What a step of kind `K` adds to the facts, and how it reads in the session. */
export interface StepOutput<K extends StepName> {
  patch: Partial<Facts>;
  /** Short stable word: `resolved`, `refused`, `response`, … */
  outcome: StepOutcome<K>;
  /** One human line with the key measurement. */
  summary: string;
  /** The probe's serialisable result, as reports show it. */
  details: StepDetails<K>;
}

/** Runs the probes behind one tree step of kind `K`. Never throws for a network outcome. */
export type StepRunner<K extends StepName> = (context: StepContext) => Promise<StepOutput<K>>;
