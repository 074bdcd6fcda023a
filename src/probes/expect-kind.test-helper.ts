import { expect } from 'vitest';

/**
 * Asserts a probe result's kind and narrows it to that variant, so a test reads its fields without casts. On a
 * mismatch the whole result is the message: the kind alone rarely says why.
 */
export function expectKind<R extends { kind: string }, K extends R['kind']>(
  result: R,
  kind: K,
): Extract<R, { kind: K }> {
  expect(result.kind, JSON.stringify(result)).toBe(kind);
  return result as Extract<R, { kind: K }>;
}
