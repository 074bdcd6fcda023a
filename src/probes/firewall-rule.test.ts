import { describe, expect, it } from 'vitest';
import { portListIncludes } from './firewall-rule.js';

describe('portListIncludes', () => {
  it.each([
    ['8080', true],
    ['22,8000:8100', true],
    ['{ 22, 8000-8100 }', true],
    ['80,443', false],
    ['8081-9000', false],
    ['Any', false],
    ['http-alt', false],
    ['RPC', false],
  ])('%s includes 8080: %s', (list, expected) => {
    expect(portListIncludes(list, 8080)).toBe(expected);
  });
});
