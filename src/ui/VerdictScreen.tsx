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
  /** How many evidence items fit; the rest are counted in a "+N more" line (`v` shows them). */
  readonly evidenceShown: number;
  /** The "+N more" line has a row (where it has none, the key bar still offers `v`). */
  readonly moreCounted?: boolean;
  /** Every evidence line is shown (`v`), whether or not it fits. */
  readonly expanded: boolean;
  /** The measurement that decided the verdict, first among the evidence; null where the step list shows it. */
  readonly decisive: readonly string[] | null;
  /** `all`: findings and diagram; else the one of them there is room for (`d` switches). */
  readonly view: 'all' | VerdictView;
  /** A report format is being picked. */
  readonly exporting: boolean;
}

/** The root cause: title, confidence, what happened, the evidence, what to do next and the exchange as drawn. */
export function VerdictScreen(props: VerdictScreenProps) {
  const { verdict, text, view } = props;
  const theme = useTheme();
  const hidden = text.evidence.length - props.evidenceShown;
  useVerdictKeys(
    props.exporting,
    { toggleable: props.view !== 'all', expandable: hidden > 0 || props.expanded },
    props,
  );
  const healthy = verdict.id === 'healthy';
  const confidence = ` (${verdict.confidence})`;
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
            {props.decisive && <ListItem mark={theme.marks.fail} lines={props.decisive} />}
            {text.evidence.slice(0, props.evidenceShown).map((item, i) => (
              <ListItem key={i} mark={theme.marks.bullet} lines={item} />
            ))}
            {hidden > 0 && props.moreCounted !== false && <Text dimColor>{`+${hidden} more: [v] shows them`}</Text>}
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
