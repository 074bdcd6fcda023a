import { useMemo } from 'react';
import type { Session } from '../engine/session.js';
import { exchangeDiagram } from '../report/exchange-diagram.js';
import { renderExchangeDiagram } from '../report/exchange-diagram-text.js';
import { wrapWords } from '../report/wrap-words.js';
import { exportStatusText } from './ExportStatusLine.js';
import type { ExportStatus } from './store.js';
import type { Theme } from './theme.js';
import { verdictLayout, type VerdictLayout } from './verdict-layout.js';
import { wrapVerdict, type VerdictText } from './verdict-text.js';

/** The verdict screen's words, diagram and layout, for the terminal's size. */
export interface VerdictFit {
  text: VerdictText;
  diagram: string[];
  layout: VerdictLayout;
}

/** A diagram line with nothing between its lifelines: air on paper, a wasted row in a terminal. */
const emptyLifelines = /^\s*[\u2502|]\s+[\u2502|]\s*$/;

export function useVerdictFit(
  session: Session | null,
  size: { columns: number; rows: number },
  theme: Theme,
  chrome: { header: string; keyBar: string; exportStatus: ExportStatus },
): VerdictFit | null {
  const { columns, rows } = size;
  return useMemo(() => {
    if (!session) return null;
    const text = wrapVerdict(session, columns);
    const diagram = renderExchangeDiagram(exchangeDiagram(session), { ascii: theme.ascii, width: columns }).filter(
      (line) => !emptyLifelines.test(line),
    );
    const exportLine = exportStatusText(chrome.exportStatus, theme.marks);
    const layout = verdictLayout({
      rows,
      columns,
      header: chrome.header,
      keyBar: chrome.keyBar,
      session,
      text,
      diagram,
      exportLines: exportLine === null ? 0 : wrapWords(exportLine, columns, columns).length,
    });
    return { text, diagram, layout };
  }, [session, columns, rows, theme, chrome.header, chrome.keyBar, chrome.exportStatus]);
}
