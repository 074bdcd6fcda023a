import { Box } from 'ink';
import { useRef, useState } from 'react';
import { SelectIndicator } from './SelectIndicator.js';
import { SelectItem } from './SelectItem.js';
import { useKeys } from './use-keys.js';

/** One row of the list. */
export interface Choice<V> {
  key: string;
  label: string;
  value: V;
}

export interface ChoiceSelectProps<V> {
  readonly items: readonly Choice<V>[];
  /** The row highlighted first; null for none, where no answer may be suggested (Down goes to the first row). */
  readonly initialIndex?: number | null;
  /** Digits 1–9 pick a row; false where the screen types digits into a field of its own. */
  readonly digitsPick?: boolean;
  /** At most this many rows on screen; the window follows the highlighted row. All rows by default. */
  readonly limit?: number;
  readonly onSelect: (value: V) => void;
}

/**
 * A list of choices in the theme's marks and colours. Keys arriving in one read (`Down Down Enter` from a paste
 * or tmux) must select the row the last move reached: the highlighted row lives in a ref updated by each key,
 * and the list is redrawn from it (a closure over React state would still see the row before the moves).
 */
export function ChoiceSelect<V>({
  items,
  initialIndex = 0,
  digitsPick = true,
  limit = items.length,
  onSelect,
}: ChoiceSelectProps<V>) {
  const highlighted = useRef<number | null>(initialIndex);
  const [shown, setShown] = useState<number | null>(initialIndex);
  const move = (by: 1 | -1) => {
    const from = highlighted.current ?? (by === 1 ? -1 : items.length);
    highlighted.current = (from + by + items.length) % items.length;
    setShown(highlighted.current);
  };
  useKeys((input, key) => {
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.return) {
      const item = highlighted.current === null ? undefined : items[highlighted.current];
      if (item) onSelect(item.value);
    } else if (digitsPick && /^[1-9]$/.test(input)) {
      const item = items[Number(input) - 1];
      if (item) onSelect(item.value);
    }
  });
  const rows = Math.max(1, Math.min(limit, items.length));
  const first = Math.max(0, Math.min((shown ?? 0) - Math.floor(rows / 2), items.length - rows));
  return (
    <Box flexDirection="column">
      {items.slice(first, first + rows).map((item, i) => (
        <Box key={item.key}>
          <SelectIndicator isSelected={first + i === shown} />
          <SelectItem isSelected={first + i === shown} label={item.label} />
        </Box>
      ))}
    </Box>
  );
}
