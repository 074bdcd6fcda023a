import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { formatDuration } from '../report/format-duration.js';
import { showControls } from '../report/show-controls.js';
import { stepMark, type StepMark } from '../report/step-mark.js';
import type { StepView } from './store.js';
import { useTheme, type ColorName } from './theme.js';
import { durationWidth } from './verdict-layout.js';

export interface StepListProps {
  /** The walk so far, in order: the path stays visible while the next step runs. */
  readonly steps: readonly StepView[];
  /** One line of step ids and marks, where the verdict needs the room. */
  readonly compact?: boolean;
}

const markColor: Record<StepMark, ColorName> = { pass: 'green', fail: 'red', info: 'yellow' };

/** One line per step: a spinner while it runs, then its mark, its one-line summary and how long it took. */
export function StepList({ steps, compact = false }: StepListProps) {
  const theme = useTheme();
  if (compact) {
    return (
      <Box flexWrap="wrap" columnGap={2}>
        {steps.map((view, i) => (
          <Text key={`${i}-${view.id}`}>
            <StepMarkText view={view} />
            {` ${showControls(view.id)}`}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {steps.map((view, i) => (
        <Box key={`${i}-${view.id}`}>
          <Box width={2} flexShrink={0}>
            <StepMarkText view={view} />
          </Box>
          <Box flexGrow={1} flexShrink={1}>
            <Text wrap="wrap">
              {view.status === 'running'
                ? `${showControls(view.title)}${theme.marks.ellipsis}`
                : showControls(view.step.summary || view.title)}
            </Text>
          </Box>
          {view.status === 'finished' && (
            <Box flexShrink={0} minWidth={durationWidth} justifyContent="flex-end">
              <Text dimColor>{formatDuration(view.step.durationMs)}</Text>
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}

function StepMarkText({ view }: { readonly view: StepView }) {
  const theme = useTheme();
  if (view.status === 'running') {
    return (
      <Text color={theme.color('cyan')}>
        <Spinner type={theme.spinner} />
      </Text>
    );
  }
  const mark = stepMark(view.step);
  return <Text color={theme.color(markColor[mark])}>{theme.marks[mark]}</Text>;
}
