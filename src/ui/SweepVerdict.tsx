import { Box, Text } from 'ink';
import type { Session } from '../engine/session.js';
import { showControls } from '../report/show-controls.js';
import { ExportStatusLine } from './ExportStatusLine.js';
import { KeyBar } from './KeyBar.js';
import type { ExportStatus, StepView } from './store.js';
import { StepList } from './StepList.js';
import { sweepVerdictKeyHints } from './sweep-key-hints.js';
import { useTheme } from './theme.js';
import { useVerdictFit } from './use-verdict-fit.js';
import type { VerdictKeyActions } from './use-verdict-keys.js';
import { VerdictScreen } from './VerdictScreen.js';

export interface SweepVerdictProps {
  readonly session: Session;
  /** Where the row's target came from: `.env:3 DATABASE_URL`. */
  readonly source: string;
  readonly version: string;
  readonly size: { columns: number; rows: number };
  readonly exporting: boolean;
  readonly exportStatus: ExportStatus;
  readonly verdictView: 'findings' | 'exchange';
  readonly evidenceExpanded: boolean;
  readonly actions: Pick<
    VerdictKeyActions,
    'onExport' | 'onFormat' | 'onCancelExport' | 'onToggleView' | 'onToggleEvidence' | 'onQuit'
  >;
}

const nothing = () => {};

/**
 * A row's full verdict: the single diagnosis's verdict screen (its step list, title, evidence, next steps and
 * exchange, fitted to the terminal the same way), under a header naming the row. Its keys that read the session
 * work as they do there (`e` exports this row's report, `v`, `d`); those that would run the diagnosis again or
 * change its answers are the single diagnosis's (`conn-doctor <target>`); Esc and `q` go back to the table.
 */
export function SweepVerdict(props: SweepVerdictProps) {
  const { session, size } = props;
  const theme = useTheme();
  const columns = Math.max(40, size.columns);
  const header = [`conn-doctor ${props.version}`, props.source, showControls(session.target.input)].join(
    ` ${theme.marks.separator} `,
  );
  const widestKeyBar = sweepVerdictKeyHints(
    { exporting: false, verdictView: props.verdictView, evidenceExpanded: props.evidenceExpanded },
    { toggleable: true, expandable: true },
  )
    .map((h) => `[${h.key}] ${h.label}`)
    .join('  ');
  const fit = useVerdictFit(session, { columns, rows: size.rows }, theme, {
    header,
    keyBar: widestKeyBar,
    exportStatus: props.exportStatus,
  });
  if (fit === null) return null;
  const evidenceTotal = fit.text.evidence.length;
  const expandable = props.evidenceExpanded || fit.layout.evidenceShown < evidenceTotal;
  const toggleable = fit.layout.diagram === 'toggle' || (expandable && props.evidenceExpanded);
  const steps: StepView[] = session.steps.map((step) => ({ status: 'finished', id: step.id, title: step.title, step }));
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="wrap">
        <Text bold color={theme.color('cyan')}>
          conn-doctor
        </Text>
        <Text dimColor>{header.slice('conn-doctor'.length)}</Text>
      </Text>
      <Box marginTop={fit.layout.compactSteps ? 0 : 1} flexDirection="column">
        <StepList steps={steps} compact={fit.layout.compactSteps} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <VerdictScreen
          verdict={session.verdict}
          text={fit.text}
          diagram={fit.diagram}
          evidenceShown={props.evidenceExpanded ? evidenceTotal : fit.layout.evidenceShown}
          expanded={props.evidenceExpanded}
          moreCounted={fit.layout.moreCounted}
          decisive={fit.layout.decisiveShown ? fit.text.decisive : null}
          view={toggleable ? props.verdictView : 'all'}
          exporting={props.exporting}
          {...props.actions}
          onRunAgain={nothing}
          onBack={nothing}
          onSymptom={nothing}
        />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <ExportStatusLine status={props.exportStatus} />
        <KeyBar
          hints={sweepVerdictKeyHints(
            { exporting: props.exporting, verdictView: props.verdictView, evidenceExpanded: props.evidenceExpanded },
            { toggleable, expandable },
          )}
        />
      </Box>
    </Box>
  );
}
