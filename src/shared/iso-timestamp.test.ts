import { describe, expect, it } from 'vitest';
import { isoTimestamp } from './iso-timestamp.js';

describe('isoTimestamp', () => {
  it('writes what toISOString writes, across the years it covers', () => {
    const samples = [0, 1, 999, 86_399_999, Date.UTC(2026, 11, 6, 4, 5, 6, 7), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    samples.push(Date.UTC(0, 0, 1), -62_135_596_800_000);
    // A spread of instants from year 0 to 9999, each field at many values.
    for (let i = 0; i < 2000; i++) samples.push(Math.round(-62_000_000_000_000 + i * 158_000_000_000.123));
    for (const time of samples) expect(isoTimestamp(new Date(time))).toBe(new Date(time).toISOString());
  });

  it('leaves years beyond 9999 and before 0 to toISOString, which writes them with a sign', () => {
    const far = new Date(Date.UTC(10_000, 0, 1));
    expect(isoTimestamp(far)).toBe('+010000-01-01T00:00:00.000Z');
    const before = new Date(Date.UTC(-1, 0, 1));
    expect(isoTimestamp(before)).toBe(before.toISOString());
  });

  it('throws as toISOString does on an invalid date', () => {
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
