/*
 * The screen container: selects what the screens need from the store, turns their callbacks into actions, and
 * owns quitting. The screens only draw their props and turn keys into callbacks; none starts a probe.
 *
 *   ┌─────────────────────────────────────────────────────────────────────────┐
 *   │ Header           conn-doctor 0.1.0 · http://127.0.0.1:8080/ · symptom: … │
 *   │                                                                         │
 *   │ StepList         ✓ 127.0.0.1 is an IP address: nothing to resolve  0.03 │ one line per step; one line
 *   │                  ✓ 127.0.0.1:8080 open in 0.21 ms                   0.30 │ of ids when a verdict needs
 *   │                  ⠋ Send an HTTP request…                                 │ the room
 *   │                                                                         │
 *   │ one of           TargetPrompt    (target)                               │
 *   │                  SymptomPicker   (symptom, `s` on the verdict: the list │
 *   │                                  or PastedSymptom)                      │
 *   │                  QuestionPrompt  (question)                             │
 *   │                  VerdictScreen   (verdict, exporting)                   │
 *   │                  ErrorNotice     (error)                                │
 *   │                  nothing         (running: the step list is the screen) │
 *   │                                                                         │
 *   │ ExportStatusLine ✓ Report written to ./conn-doctor-….md (once exported) │
 *   │ KeyBar           [e] export  [r] run again  [b] change answer  [s] …    │
 *   └─────────────────────────────────────────────────────────────────────────┘
 */
import { Box, useApp } from 'ink';
import { useStore } from 'zustand';
import * as actions from './app-actions.js';
import type { AppController } from './app-actions.js';
import { ErrorNotice } from './ErrorNotice.js';
import { ExportStatusLine } from './ExportStatusLine.js';
import { Header } from './Header.js';
import { headerText } from './header-text.js';
import { KeyBar } from './KeyBar.js';
import { keyHints } from './key-hints.js';
import { QuestionPrompt } from './QuestionPrompt.js';
import { StepList } from './StepList.js';
import { beginExport, cancelExport, exitCodeOf, setTargetText, toggleEvidence, toggleVerdictView } from './store.js';
import { SymptomPicker } from './SymptomPicker.js';
import { TargetPrompt } from './TargetPrompt.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTheme } from './theme.js';
import { useKeys } from './use-keys.js';
import { useVerdictFit } from './use-verdict-fit.js';
import { VerdictScreen } from './VerdictScreen.js';

export interface AppProps {
  readonly controller: AppController;
  readonly version: string;
  /** A fixed terminal size, for renderToString; by default Ink's stdout's, following resizes. */
  readonly size?: { columns: number; rows: number };
}

export function App({ controller: ctl, version, size }: AppProps) {
  const { store } = ctl;
  const theme = useTheme();
  const { exit } = useApp();
  const terminal = useTerminalSize(size);
  // One selector per field: each returns a stored reference or a primitive, so nothing re-renders for nothing.
  const phase = useStore(store, (s) => s.phase);
  const target = useStore(store, (s) => s.target);
  const symptom = useStore(store, (s) => s.symptom);
  const steps = useStore(store, (s) => s.steps);
  const session = useStore(store, (s) => s.session);
  const exportStatus = useStore(store, (s) => s.exportStatus);
  const verdictView = useStore(store, (s) => s.verdictView);
  const evidenceExpanded = useStore(store, (s) => s.evidenceExpanded);
  const symptomMode = useStore(store, (s) => s.symptomMode);
  const answers = useStore(store, (s) => s.answers);
  const pending = useStore(store, (s) => s.question);
  const errorMessage = useStore(store, (s) => s.error);
  const targetText = useStore(store, (s) => s.targetText);
  const targetError = useStore(store, (s) => s.targetError);
  const pastedText = useStore(store, (s) => s.pastedText);
  const pastedMeaning = useStore(store, (s) => s.pastedMeaning);
  const hintState = { phase, symptomMode, answers, verdictView, symptom, evidenceExpanded };

  const columns = Math.max(40, terminal.columns);
  const reproduced = session?.symptomReproduced ?? null;
  const header = headerText({ version, target, symptom, reproduced }, theme);
  const widestVerdictBar = keyHints({ ...hintState, phase: 'verdict' }, theme, { toggleable: true, expandable: true })
    .map((h) => `[${h.key}] ${h.label}`)
    .join('  ');
  const fit = useVerdictFit(session, { columns, rows: terminal.rows }, theme, {
    header,
    keyBar: widestVerdictBar,
    exportStatus,
  });
  const toggleable = fit?.layout.diagram === 'toggle';
  const atVerdict = (phase === 'verdict' || phase === 'exporting') && session !== null && fit !== null;
  const compactSteps = atVerdict && fit.layout.compactSteps;
  const evidenceTotal = fit?.text.evidence.length ?? 0;
  // `v` shows every evidence line: the findings take the screen (it may scroll), the diagram is one `d` away.
  const expandable = fit !== null && (evidenceExpanded || fit.layout.evidenceShown < evidenceTotal);
  const verdictKeys = { toggleable: toggleable || (expandable && evidenceExpanded), expandable };

  const quit = () => {
    const code = exitCodeOf(store.getState());
    actions.stopWalk(ctl);
    exit(code);
  };
  // Ink runs with exitOnCtrlC off: Ctrl-C quits through the same path as q, with the same exit status.
  useKeys((input, key) => {
    if (key.ctrl && input === 'c') quit();
    else if ((phase === 'running' || phase === 'error') && (input === 'q' || key.escape)) quit();
    else if (phase === 'error' && input === 'r') actions.runAgain(ctl);
  });

  return (
    <Box flexDirection="column" width={columns}>
      <Header version={version} target={target} symptom={symptom} reproduced={reproduced} />
      {steps.length > 0 && phase !== 'symptom' && phase !== 'target' && (
        <Box marginTop={compactSteps ? 0 : 1} flexDirection="column">
          <StepList steps={steps} compact={compactSteps} />
        </Box>
      )}
      <Box marginTop={1} flexDirection="column">
        {phase === 'target' && (
          <TargetPrompt
            value={targetText}
            error={targetError}
            onChange={(text) => setTargetText(store, text)}
            onSubmit={(text) => actions.submitTarget(ctl, text)}
            onQuit={quit}
          />
        )}
        {phase === 'symptom' && (
          <SymptomPicker
            mode={symptomMode}
            pastedText={pastedText}
            pastedMeaning={pastedMeaning}
            onPick={(choice) => actions.pickSymptom(ctl, choice)}
            onPasteChange={(text) => actions.setPastedText(ctl, text)}
            onPasteSubmit={() => actions.submitPasted(ctl)}
            onPasteCancel={() => actions.leavePaste(ctl)}
            onCancel={() => actions.cancelSymptom(ctl)}
            onQuit={quit}
          />
        )}
        {phase === 'question' && pending && (
          <QuestionPrompt
            pending={pending}
            onAnswer={(value) => actions.answerQuestion(ctl, value)}
            onBack={() => actions.stepBack(ctl)}
            onQuit={quit}
          />
        )}
        {atVerdict && (
          <VerdictScreen
            verdict={session.verdict}
            text={fit.text}
            diagram={fit.diagram}
            evidenceShown={evidenceExpanded ? evidenceTotal : fit.layout.evidenceShown}
            expanded={evidenceExpanded}
            moreCounted={fit.layout.moreCounted}
            decisive={fit.layout.decisiveShown ? fit.text.decisive : null}
            view={verdictKeys.toggleable ? verdictView : 'all'}
            exporting={phase === 'exporting'}
            onExport={() => beginExport(store)}
            onFormat={(format) => void actions.exportReport(ctl, format)}
            onCancelExport={() => cancelExport(store)}
            onRunAgain={() => actions.runAgain(ctl)}
            onBack={() => actions.stepBack(ctl)}
            onToggleView={() => toggleVerdictView(store)}
            onSymptom={() => actions.askSymptom(ctl)}
            onToggleEvidence={() => toggleEvidence(store)}
            onQuit={quit}
          />
        )}
        {phase === 'error' && <ErrorNotice message={errorMessage ?? 'unknown error'} />}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {atVerdict && <ExportStatusLine status={exportStatus} />}
        <KeyBar hints={keyHints(hintState, theme, verdictKeys, pending?.question.other != null)} />
      </Box>
    </Box>
  );
}
