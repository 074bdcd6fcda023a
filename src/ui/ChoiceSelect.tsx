import SelectInput from 'ink-select-input';
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
  /** The row highlighted first. */
  readonly initialIndex?: number;
  readonly onSelect: (value: V) => void;
}

/**
 * ink-select-input draws the list, in the theme's marks and colours; the keys are handled here. Its own handler
 * keeps the highlighted row in React state read through a closure, so keys arriving in one read (`Down Down
 * Enter` from a paste or tmux) moved one row and then selected the row *before* the move, not the one shown.
 * Here the highlighted row lives in a ref updated by each key, and the list is redrawn from it.
 */
export function ChoiceSelect<V>({ items, initialIndex = 0, onSelect }: ChoiceSelectProps<V>) {
  const highlighted = useRef(initialIndex);
  const [shown, setShown] = useState(initialIndex);
  const move = (to: number) => {
    highlighted.current = (to + items.length) % items.length;
    setShown(highlighted.current);
  };
  useKeys((input, key) => {
    if (key.upArrow || input === 'k') move(highlighted.current - 1);
    else if (key.downArrow || input === 'j') move(highlighted.current + 1);
    else if (key.return) {
      const item = items[highlighted.current];
      if (item) onSelect(item.value);
    } else if (/^[1-9]$/.test(input)) {
      const item = items[Number(input) - 1];
      if (item) onSelect(item.value);
    }
  });
  return (
    <SelectInput
      // Unfocused, it only draws; remounting it at the highlighted row is how the row is set from outside.
      key={shown}
      isFocused={false}
      items={[...items]}
      initialIndex={shown}
      indicatorComponent={SelectIndicator}
      itemComponent={SelectItem}
    />
  );
}
