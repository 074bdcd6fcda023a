import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Ink's `useInput`, reading the handler of the latest render. Keys that arrive in one read (a paste, tmux
 * `send-keys Down Enter`, a fast typist) are delivered one after another before React subscribes the handlers
 * of the screen they changed: with plain `useInput` the second key would meet the first one's stale closure
 * (its phase, its props). Ink renders legacy roots synchronously after each key, and layout effects run in that
 * commit, so the handler read here is always the one of the screen the user sees.
 */
export function useKeys(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  useInput(stable, { isActive: options.isActive ?? true });
}
