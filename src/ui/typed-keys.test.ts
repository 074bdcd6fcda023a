import { describe, expect, it } from 'vitest';
import { applyErases, portError } from './typed-keys.js';

describe('applyErases', () => {
  it('erases one character before each DEL or BS that came in the same read', () => {
    expect(applyErases('127.0.0.1:80xyz\u007F\u007F\u007F')).toBe('127.0.0.1:80');
    expect(applyErases('ab\bc')).toBe('ac');
    // More erases than characters leave an empty field, never a negative one
    expect(applyErases('a\u007F\u007F')).toBe('');
  });

  it('leaves text without erase keys as it is', () => {
    expect(applyErases('localhost:3000')).toBe('localhost:3000');
  });
});

describe('portError', () => {
  it('takes 1 to 65535 and says what is wrong with anything else', () => {
    expect(portError('1')).toBeNull();
    expect(portError('65535')).toBeNull();
    expect(portError('0')).toBe('a port is between 1 and 65535');
    expect(portError('70000')).toBe('a port is between 1 and 65535');
    expect(portError('8o')).toBe('a port is a number');
  });
});
