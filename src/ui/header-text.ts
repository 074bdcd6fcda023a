import type { Target } from '../shared/target.js';
import { redactSecrets } from '../shared/redact-secrets.js';
import { showControls } from '../report/show-controls.js';
import type { Theme } from './make-theme.js';

/** What the header line shows; Header draws it, and the CLI paints it as plain text before Ink has loaded. */
export interface HeaderProps {
  readonly version: string;
  /** The target being diagnosed, credentials already redacted; null while it is asked for. */
  readonly target: Target | null;
  /** The message handed to the engine as the symptom, if any. */
  readonly symptom: string | null;
  /** Once there is a verdict: whether the probes saw what the symptom describes (null: it names no behaviour). */
  readonly reproduced?: boolean | null;
}

/** The header as plain text, for counting the lines it takes. */
export function headerText(props: HeaderProps, theme: Theme): string {
  const { name, target, symptom } = headerParts(props, theme);
  return [name, target, symptom].filter((part) => part !== null).join(` ${theme.marks.separator} `);
}

export function headerParts({ version, target, symptom, reproduced = null }: HeaderProps, theme: Theme) {
  const checked = reproduced === null ? '' : reproduced ? ' (reproduced)' : ' (not reproduced)';
  return {
    name: `conn-doctor ${version}`,
    target: target ? showControls(target.input) : null,
    // The header is on screen (and in screenshots): the pasted text's secrets are hidden as in the reports.
    symptom:
      symptom === null
        ? null
        : `symptom: ${showControls(oneLine(redactSecrets(symptom), theme.marks.ellipsis))}${checked}`,
  };
}

/** A pasted stack trace must not take over the header. */
function oneLine(text: string, ellipsis: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60 - ellipsis.length)}${ellipsis}` : flat;
}
