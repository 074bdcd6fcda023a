import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.00 ms'],
    [0.003912, '0.00 ms'],
    [0.287149, '0.29 ms'],
    [9.994, '9.99 ms'],
    [9.996, '10.0 ms'],
    [12.345, '12.3 ms'],
    [999.94, '999.9 ms'],
    [999.96, '1.00 s'],
    [3000, '3.00 s'],
    [-0.0001, '0.00 ms'],
    [Number.NaN, 'n/a'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
