import type { ProbeSettings } from '../shared/options.js';
import { caFileProblem, dnsServerProblem, probeSettingRanges } from '../shared/probe-setting-checks.js';
import type { DiagnoseEvent } from './diagnose-events.js';
import type { DiagnoseOptions } from './diagnose-options.js';
import { OptionError } from './library-errors.js';

/** What the engine runs with, from options a program passed: every problem is an `OptionError` before any probe runs. */
export interface CheckedOptions extends Required<ProbeSettings> {
  symptom: string | null;
  signal: AbortSignal | undefined;
  onEvent: ((event: DiagnoseEvent) => void) | undefined;
}

const defaultTimeoutMs = 3000;

export function checkOptions(options: DiagnoseOptions | undefined): CheckedOptions {
  const given = options ?? {};
  if (typeof given !== 'object') throw new OptionError(`the options must be an object, not ${typeof given}`);
  const { dnsServer = null, caFile = null, symptom = null, signal, onEvent } = given;
  const problem =
    (dnsServer !== null &&
      (typeof dnsServer === 'string' ? dnsServerProblem(dnsServer, 'dnsServer') : mustBe('dnsServer', 'a string'))) ||
    (caFile !== null &&
      (typeof caFile === 'string' ? caFileProblem(caFile, 'caFile') : mustBe('caFile', 'a string'))) ||
    (symptom !== null && typeof symptom !== 'string' && mustBe('symptom', 'a string')) ||
    (signal !== undefined && !isAbortSignal(signal) && mustBe('signal', 'an AbortSignal')) ||
    (onEvent !== undefined && typeof onEvent !== 'function' && mustBe('onEvent', 'a function'));
  if (problem) throw new OptionError(problem);
  return {
    timeoutMs: wholeNumber('timeoutMs', given.timeoutMs ?? defaultTimeoutMs, probeSettingRanges.timeoutMs),
    repeat: given.repeat == null ? null : wholeNumber('repeat', given.repeat, probeSettingRanges.repeat),
    dnsServer,
    caFile,
    symptom,
    signal,
    onEvent,
  };
}

/** By shape, not instanceof: a test runner may hand over a signal made in another realm. */
const isAbortSignal = (value: unknown): value is AbortSignal =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as AbortSignal).aborted === 'boolean' &&
  typeof (value as AbortSignal).addEventListener === 'function';

const mustBe = (name: string, type: string) => `${name} must be ${type}`;

export function wholeNumber(name: string, value: unknown, range: { min: number; max: number }): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  throw new OptionError(`invalid ${name} ${String(value)}: give a whole number from ${range.min} to ${range.max}`);
}
