import type { SweepRowState } from './sweep-store.js';
import { sweepTallies } from './sweep-store.js';
import type { Theme } from './theme.js';

/** `conn-doctor 0.1.0 · 6 targets · 2 running · 1 waiting · 2 healthy · 1 problem`: the header, as plain text. */
export function sweepHeaderText(
  state: { version: string; rows: readonly SweepRowState[]; running: boolean; took: string | null },
  theme: Theme,
): string {
  const { running, queued, healthy, problems } = sweepTallies(state.rows);
  const total = state.rows.length;
  const parts = [
    `conn-doctor ${state.version}`,
    `${total} target${total === 1 ? '' : 's'}`,
    ...(running > 0 || state.running ? [`${running} running`] : []),
    ...(queued > 0 ? [`${queued} waiting`] : []),
    `${healthy} healthy`,
    `${problems} problem${problems === 1 ? '' : 's'}`,
    ...(state.took !== null && !state.running ? [`done in ${state.took}`] : []),
  ];
  return parts.join(` ${theme.marks.separator} `);
}

/**
 * The line under the table: what the cursor's row came to, in words. Its verdict's title (and what it was the
 * round before, when it changed), or what it is waiting for.
 */
export function sweepDetailText(row: SweepRowState | undefined, theme: Theme): string {
  if (row === undefined) return '';
  const { view } = row;
  if (view === null)
    return row.status === 'running'
      ? `Diagnosing ${row.target}${theme.marks.ellipsis}`
      : 'Waiting for its turn: the sweep runs a few diagnoses at once.';
  const mark = row.healthy ? theme.marks.pass : theme.marks.fail;
  const changed = row.changedFrom === null ? '' : ` (changed from ${row.changedFrom})`;
  const again = row.status === 'done' ? '' : ` ${theme.marks.separator} last round's; running again`;
  return `${mark} ${view.title}${changed}${again}`;
}
