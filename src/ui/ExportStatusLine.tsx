import { isAbsolute, relative, sep } from 'node:path';
import { Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import type { ExportStatus } from './store.js';
import { useTheme } from './theme.js';

export interface ExportStatusLineProps {
  readonly status: ExportStatus;
}

/** Where the last report went, or why it did not, just above the key bar; nothing before any export. */
export function ExportStatusLine({ status }: ExportStatusLineProps) {
  const theme = useTheme();
  const text = exportStatusText(status, theme.marks);
  if (text === null) return null;
  return (
    <Text color={theme.color(status.kind === 'written' ? 'green' : 'red')} wrap="wrap">
      {text}
    </Text>
  );
}

/** The line as plain text, for counting the rows it takes; null when nothing was exported. */
export function exportStatusText(status: ExportStatus, marks: { pass: string; fail: string }): string | null {
  if (status.kind === 'none') return null;
  if (status.kind === 'failed') return `${marks.fail} ${showControls(status.message)}`;
  return `${marks.pass} Report written to ${showControls(shortPath(status.path))}`;
}

/** `./name` for a file under the current folder (the default), which is what the user reads; else the whole path. */
function shortPath(path: string, cwd = process.cwd()): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? `.${sep}${inside}` : path;
}
