import { Box, Text } from 'ink';
import type { Verdict } from '../tree/verdict-ids.js';
import { InlineCode } from './InlineCode.js';
import type { VerdictView } from './store.js';
import { useTheme } from './theme.js';
import { useVerdictKeys, type VerdictKeyActions } from './use-verdict-keys.js';
import type { VerdictText } from './verdict-text.js';

export interface VerdictScreenProps extends VerdictKeyActions {
  readonly verdict: Verdict;
  /** The verdict's words, wrapped to the screen. */
  readonly text: VerdictText;
  /** The exchange diagram, drawn to the screen's width. */
  readonly diagram: readonly string[];
  /** How many evidence items fit; the rest are counted in a "+N more" line. */
  readonly evidenceShown: number;
  /** `all`: findings and diagram; else the one of them there is room for (`d` switches). */
  readonly view: 'all' | VerdictView;
  /** A report format is being picked. */
  readonly exporting: boolean;
}

/** The root cause: title, confidence, what happened, the evidence, what to do next and the exchange as drawn. */
export function VerdictScreen(props: VerdictScreenProps) {
  const { verdict, text, view } = props;
  const theme = useTheme();
  useVerdictKeys(props.exporting, props.view !== 'all', props);
  const healthy = verdict.id === 'healthy';
  const confidence = ` (${verdict.confidence})`;
  const hidden = text.evidence.length - props.evidenceShown;
  return (
    <Box flexDirection="column">
      {text.title.map((line, i) => {
        const last = i === text.title.length - 1 && line.endsWith(confidence);
        return (
          <Text key={i}>
            <Text color={theme.color(healthy ? 'green' : 'red')}>
              {i > 0 ? '  ' : `${healthy ? theme.marks.pass : theme.marks.fail} `}
            </Text>
            <Text bold>{last ? line.slice(0, -confidence.length) : line}</Text>
            {last && <Text dimColor>{confidence}</Text>}
          </Text>
        );
      })}
      <Box flexDirection="column" marginLeft={2}>
        {text.summary.map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
        {view !== 'exchange' && (
          <Box flexDirection="column" marginTop={1}>
            <Text bold>Evidence</Text>
            {text.evidence.slice(0, props.evidenceShown).map((item, i) => (
              <ListItem key={i} mark={theme.marks.bullet} lines={item} />
            ))}
            {hidden > 0 && <Text dimColor>{`+${hidden} more (export the report for all)`}</Text>}
          </Box>
        )}
        {view !== 'exchange' && text.nextSteps.length > 0 && (
          <Box flexDirection="column" marginTop={1}>
            <Text bold>Next steps</Text>
            {text.nextSteps.map((item, i) => (
              <ListItem key={i} mark={theme.marks.arrow} lines={item} />
            ))}
          </Box>
        )}
      </Box>
      {view !== 'findings' && props.diagram.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          {props.diagram.map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** A list item already wrapped: the mark before its first line, its other lines under the text. */
function ListItem({ mark, lines }: { readonly mark: string; readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Box key={i}>
          <Box width={2} flexShrink={0}>
            <Text dimColor>{i === 0 ? mark : ''}</Text>
          </Box>
          <InlineCode text={line} />
        </Box>
      ))}
    </Box>
  );
}
