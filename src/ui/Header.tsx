import { Box, Text } from 'ink';
import type { Target } from '../engine/target.js';
import { showControls } from '../report/show-controls.js';
import { useTheme, type Theme } from './theme.js';

export interface HeaderProps {
  readonly version: string;
  /** The target being diagnosed, credentials already redacted; null while it is asked for. */
  readonly target: Target | null;
  /** The message handed to the engine as the symptom, if any. */
  readonly symptom: string | null;
  /** Once there is a verdict: whether the probes saw what the symptom describes (null: it names no behaviour). */
  readonly reproduced?: boolean | null;
}

/** One line (wrapped when narrow): the tool, the target, the symptom and whether the probes reproduced it. */
export function Header(props: HeaderProps) {
  const theme = useTheme();
  const { name, target, symptom } = headerParts(props, theme);
  const separator = ` ${theme.marks.separator} `;
  return (
    <Box>
      <Text wrap="wrap">
        <Text bold color={theme.color('cyan')}>
          conn-doctor
        </Text>
        <Text dimColor>{name.slice('conn-doctor'.length)}</Text>
        {target !== null && (
          <Text>
            {separator}
            <Text bold>{target}</Text>
          </Text>
        )}
        {symptom !== null && <Text dimColor>{`${separator}${symptom}`}</Text>}
      </Text>
    </Box>
  );
}

/** The header as plain text, for counting the lines it takes. */
export function headerText(props: HeaderProps, theme: Theme): string {
  const { name, target, symptom } = headerParts(props, theme);
  return [name, target, symptom].filter((part) => part !== null).join(` ${theme.marks.separator} `);
}

function headerParts({ version, target, symptom, reproduced = null }: HeaderProps, theme: Theme) {
  const checked = reproduced === null ? '' : reproduced ? ' (reproduced)' : ' (not reproduced)';
  return {
    name: `conn-doctor ${version}`,
    target: target ? showControls(target.input) : null,
    symptom: symptom === null ? null : `symptom: ${showControls(oneLine(symptom, theme.marks.ellipsis))}${checked}`,
  };
}

/** A pasted stack trace must not take over the header. */
function oneLine(text: string, ellipsis: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60 - ellipsis.length)}${ellipsis}` : flat;
}
