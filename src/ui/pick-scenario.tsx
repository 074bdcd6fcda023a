import { Box, render, useApp } from 'ink';
import { KeyBar } from './KeyBar.js';
import type { RunAppOptions } from './run-app.js';
import { ScenarioPicker, type DemoScenario } from './ScenarioPicker.js';
import { makeTheme, ThemeContext, useTheme } from './theme.js';

/** What the demo's list needs. */
export interface PickScenarioOptions {
  scenarios: readonly DemoScenario[];
  /** The row highlighted first. */
  initialIndex: number;
  color: boolean;
  ascii: boolean;
  streams?: RunAppOptions['streams'];
}

/**
 * `--demo` in a terminal: lists the lab's faults and resolves with the one picked, or null when the user quits.
 * Ink has unmounted by then, so the guided app can take the terminal next.
 */
export async function pickScenario(options: PickScenarioOptions): Promise<DemoScenario | null> {
  const stdout = options.streams?.stdout ?? process.stdout;
  let picked: DemoScenario | null = null;
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: options.color, ascii: options.ascii })}>
      <PickerScreen
        options={options}
        // The list takes the terminal but for its title, a blank line and the key bar.
        rows={Math.max(3, (stdout.rows ?? 24) - 4)}
        columns={stdout.columns ?? 80}
        onDone={(scenario) => {
          picked = scenario;
        }}
      />
    </ThemeContext.Provider>,
    { ...options.streams, exitOnCtrlC: true, patchConsole: false },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
  }
  return picked;
}

function PickerScreen(props: {
  options: PickScenarioOptions;
  rows: number;
  columns: number;
  onDone: (scenario: DemoScenario | null) => void;
}) {
  const { exit } = useApp();
  const theme = useTheme();
  const done = (scenario: DemoScenario | null) => {
    props.onDone(scenario);
    exit();
  };
  return (
    <Box flexDirection="column">
      <ScenarioPicker
        scenarios={props.options.scenarios}
        initialIndex={props.options.initialIndex}
        rows={props.rows}
        columns={props.columns}
        onPick={done}
        onQuit={() => done(null)}
      />
      <Box marginTop={1}>
        <KeyBar
          hints={[
            { key: theme.marks.upDown, label: 'choose' },
            { key: 'Enter', label: 'diagnose it' },
            { key: 'q', label: 'quit' },
          ]}
        />
      </Box>
    </Box>
  );
}
