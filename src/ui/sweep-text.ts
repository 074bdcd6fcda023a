import type { SweepRowState, SweepState } from './sweep-store.js';
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

/**
 * The line under the header while the rounds repeat: `Waiting until all are healthy · round 3 · 24 s left of 30 s ·
 * every 1 s`, or for `--watch` `Watching · round 3 · again every 1 s until q`. Once a wait has ended by
 * itself, why it ended. Null for one round. `now` is the app's clock, ticking each second while it waits.
 */
export function sweepRepeatText(
  state: Pick<SweepState, 'repeat' | 'round' | 'rows' | 'ended'>,
  now: number,
  theme: Theme,
): string | null {
  const { repeat, round } = state;
  if (repeat === null) return null;
  const sep = ` ${theme.marks.separator} `;
  const every = `every ${secondsText(repeat.intervalMs)}`;
  const rounds = `${round} round${round === 1 ? '' : 's'}`;
  if (repeat.wait === null) return ['Watching', `round ${round}`, `again ${every} until q`].join(sep);
  const { endsAt, waitMs } = repeat.wait;
  if (state.ended) {
    const allHealthy = state.rows.length > 0 && state.rows.every((row) => row.healthy);
    return allHealthy
      ? `${state.rows.length === 1 ? 'The target is' : 'Every target is'} healthy, after ${rounds}`
      : `Still not healthy after ${secondsText(waitMs)} (${rounds}): gave up`;
  }
  const left = Math.max(0, endsAt - now);
  // Short enough for 80 columns, what changes first: the round and the time left.
  return [
    `Waiting until ${state.rows.length === 1 ? 'it is' : 'all are'} healthy`,
    `round ${round}`,
    `${secondsText(left, 'up')} left of ${secondsText(waitMs)}`,
    every,
  ].join(sep);
}

/** `30 s`, `1 m 30 s`, `250 ms`: the wait's and the interval's durations as given, and the time left, rounded up. */
export function secondsText(ms: number, round: 'up' | 'near' = 'near'): string {
  if (ms < 1000 && round === 'near' && ms > 0) return `${ms} ms`;
  const seconds = round === 'up' ? Math.ceil(ms / 1000) : Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} m${rest === 0 ? '' : ` ${rest} s`}`;
}
