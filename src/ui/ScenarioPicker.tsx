import { Box, Text } from 'ink';
import { ChoiceSelect } from './ChoiceSelect.js';
import { useKeys } from './use-keys.js';

/** One fault of the lab, as the demo lists it. */
export interface DemoScenario {
  id: string;
  title: string;
  /** The verdict the scenario must end in. */
  expectedVerdict: string;
}

export interface ScenarioPickerProps {
  readonly scenarios: readonly DemoScenario[];
  /** The row highlighted first: the scenario walked last, so the user goes on down the list. */
  readonly initialIndex: number;
  /** How many rows the list may take; it scrolls with the highlight beyond that. */
  readonly rows: number;
  /** One line per row: labels are cut to this width. */
  readonly columns: number;
  readonly onPick: (scenario: DemoScenario) => void;
  readonly onQuit: () => void;
}

/** `--demo` in a terminal: the faults staged on loopback, one to pick and watch diagnosed. */
export function ScenarioPicker({ scenarios, initialIndex, rows, columns, onPick, onQuit }: ScenarioPickerProps) {
  useKeys((input, key) => {
    if (input === 'q' || key.escape) onQuit();
  });
  const width = Math.max(...scenarios.map((s) => s.id.length));
  const items = scenarios.map((scenario) => ({
    key: scenario.id,
    label: cut(`${scenario.id.padEnd(width)}  ${scenario.title}`, columns - 2),
    value: scenario,
  }));
  return (
    <Box flexDirection="column">
      <Text
        bold
      >{`${scenarios.length} fault${scenarios.length === 1 ? '' : 's'} staged on loopback. Pick one to watch it diagnosed:`}</Text>
      <ChoiceSelect items={items} initialIndex={initialIndex} digitsPick={false} limit={rows} onSelect={onPick} />
    </Box>
  );
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
