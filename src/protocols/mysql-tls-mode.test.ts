import { describe, expect, it } from 'vitest';
import { mysqlTlsMode } from './mysql-tls-mode.js';

const mode = (query: string) => mysqlTlsMode(new URLSearchParams(query));

describe('mysqlTlsMode', () => {
  it('no setting, or one it does not know: preferred, every client’s default', () => {
    expect(mode('')).toBe('preferred');
    expect(mode('charset=utf8mb4')).toBe('preferred');
    expect(mode('ssl-mode=SOMETIMES')).toBe('preferred');
  });

  it('ssl-mode in the spellings of the mysql client, Connector/J, mysqlclient and libpq', () => {
    expect(mode('ssl-mode=DISABLED')).toBe('disabled');
    expect(mode('sslMode=disable')).toBe('disabled');
    expect(mode('ssl_mode=PREFERRED')).toBe('preferred');
    expect(mode('sslmode=require')).toBe('required');
    expect(mode('ssl-mode=REQUIRED')).toBe('required');
    expect(mode('sslMode=VERIFY_CA')).toBe('verify');
    expect(mode('ssl-mode=VERIFY_IDENTITY')).toBe('verify');
    expect(mode('sslMode=verify-full')).toBe('verify');
    expect(mode('sslMode=trust')).toBe('required');
  });

  it('the yes/no switches: useSSL, ssl, and Go’s tls', () => {
    expect(mode('useSSL=false')).toBe('disabled');
    expect(mode('ssl=false')).toBe('disabled');
    expect(mode('ssl=0')).toBe('disabled');
    expect(mode('useSSL=true')).toBe('required');
    expect(mode('tls=true')).toBe('required');
    expect(mode('tls=skip-verify')).toBe('required');
    expect(mode('tls=preferred')).toBe('preferred');
    expect(mode('tls=false')).toBe('disabled');
  });
});
