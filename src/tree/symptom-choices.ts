import type { SymptomId } from './symptom.js';

/**
 * One line of the "What did you see?" list. Picking a symptom hands the engine a message that stands for its
 * family, exactly as if the user had typed it with `--symptom`, so both front ends take the same entry branch.
 */
export type SymptomChoice =
  /** A failure family, named by a message people actually see for it. */
  | {
      kind: 'symptom';
      value: string;
      label: string;
      text: string;
      family: SymptomId;
    }
  /** The user pastes the message they saw; `decodeSymptom` says what it means. */
  | { kind: 'paste'; value: 'paste'; label: string }
  /** No symptom: the diagnosis starts from the beginning. */
  | { kind: 'unknown'; value: 'unknown'; label: string };

/**
 * In the order people meet them: connect failures first, then what happens on an open connection, then
 * names and "sometimes". Each `text` must decode to its `family` (pinned by a test), so a reworded decoder
 * pattern cannot silently send a choice down another branch. Texts stay short: the header echoes them.
 */
export const symptomChoices: readonly SymptomChoice[] = [
  {
    kind: 'symptom',
    value: 'refused',
    label: 'Connection refused',
    text: 'Connection refused (ECONNREFUSED)',
    family: 'refused',
  },
  {
    kind: 'symptom',
    value: 'reset',
    label: 'Connection reset by peer',
    text: 'Connection reset by peer (ECONNRESET)',
    family: 'reset',
  },
  {
    kind: 'symptom',
    value: 'hang-up',
    label: 'Closed by the remote host / socket hang up',
    text: 'socket hang up',
    family: 'closed-without-response',
  },
  {
    kind: 'symptom',
    value: 'timeout',
    label: 'Timed out',
    text: 'Connection timed out (ETIMEDOUT)',
    family: 'timeout',
  },
  {
    kind: 'symptom',
    value: 'empty-reply',
    label: 'Empty reply from server',
    text: 'curl: (52) Empty reply from server',
    family: 'closed-without-response',
  },
  { kind: 'symptom', value: 'tls', label: 'SSL/TLS error', text: 'curl: (35) SSL connect error', family: 'tls-error' },
  {
    kind: 'symptom',
    value: 'dns',
    label: 'Name not resolved (could not resolve host)',
    text: 'Could not resolve host (ENOTFOUND)',
    family: 'dns-not-found',
  },
  {
    kind: 'symptom',
    value: 'intermittent',
    label: 'Works only sometimes',
    text: 'it fails only sometimes',
    family: 'intermittent',
  },
  { kind: 'paste', value: 'paste', label: 'Paste the message I got' },
  { kind: 'unknown', value: 'unknown', label: "I don't know / nothing specific" },
];
