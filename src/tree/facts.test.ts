import { describe, expect, it } from 'vitest';
import { hostHeaderOf, type Facts } from './facts.js';

const facts = (scheme: 'http' | 'https', host: string, port: number | null, answers: Record<string, string> = {}) =>
  ({ target: { scheme, host, port }, answers }) as unknown as Facts;

describe('hostHeaderOf', () => {
  it.each([
    [facts('http', 'example.test', 80), 'example.test'],
    [facts('http', 'example.test', 8080), 'example.test:8080'],
    [facts('https', 'example.test', 443), 'example.test'],
    [facts('https', 'example.test', 80), 'example.test:80'],
    [facts('http', '::1', 80), '[::1]'],
    [facts('http', '::1', 3000), '[::1]:3000'],
    [facts('http', '127.0.0.1', null, { 'target.port': '8080' }), '127.0.0.1:8080'],
  ])('%#: %s', (given, header) => {
    expect(hostHeaderOf(given)).toBe(header);
  });
});
