import { describe, expect, it } from 'vitest';
import { mysqlTlsMode } from './mysql-tls-mode.js';

const mode = (query: string) => mysqlTlsMode(new URLSearchParams(query));

describe('mysqlTlsMode', () => {
  it('no setting, or one it does not know: null, so the mysql client’s default applies', () => {
    expect(mode('')).toBeNull();
    expect(mode('charset=utf8mb4')).toBeNull();
    expect(mode('ssl-mode=SOMETIMES')).toBeNull();
    expect(mode('ssl=SomeProfile')).toBeNull();
    expect(mode('tls=custom')).toBeNull();
    // Names an object's own properties would have: not modes.
    expect(mode('ssl-mode=constructor')).toBeNull();
    expect(mode('useSSL=toString')).toBeNull();
  });

  it('a mode the URL names, even the default one, is named', () => {
    expect(mode('ssl-mode=PREFERRED')).toBe('preferred');
    expect(mode('tls=preferred')).toBe('preferred');
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

  it('the yes/no switches: Connector/J’s useSSL, MariaDB Connector/J 2’s useSsl, ssl', () => {
    expect(mode('useSSL=false')).toBe('disabled');
    expect(mode('useSsl=true')).toBe('required');
    expect(mode('ssl=false')).toBe('disabled');
    expect(mode('ssl=0')).toBe('disabled');
    expect(mode('useSSL=true')).toBe('required');
    expect(mode('ssl=true')).toBe('required');
  });

  it('Go’s tls: true verifies the certificate, skip-verify does not, preferred falls back to plain text', () => {
    expect(mode('tls=true')).toBe('verify');
    expect(mode('tls=skip-verify')).toBe('required');
    expect(mode('tls=preferred')).toBe('preferred');
    expect(mode('tls=false')).toBe('disabled');
  });

  it('Go’s tls takes the yes/no words of its readBool, 1 and 0 among them, and no other spelling of them', () => {
    for (const yes of ['1', 'true', 'TRUE', 'True']) expect(mode(`tls=${yes}`)).toBe('verify');
    for (const no of ['0', 'false', 'FALSE', 'False']) expect(mode(`tls=${no}`)).toBe('disabled');
    // Go reads these as the names of registered configs, which it refuses when none is registered.
    expect(mode('tls=tRUE')).toBeNull();
    expect(mode('tls=yes')).toBeNull();
    expect(mode('tls=skipverify')).toBeNull();
    // skip-verify and preferred in any case, as Go lower-cases them.
    expect(mode('tls=SKIP-VERIFY')).toBe('required');
    expect(mode('tls=Preferred')).toBe('preferred');
  });

  it('mysql2’s ssl as JSON: an object verifies unless rejectUnauthorized is false; null is off; its RDS profile verifies', () => {
    expect(mode('ssl={}')).toBe('verify');
    expect(mode(`ssl=${encodeURIComponent('{"ca":"…"}')}`)).toBe('verify');
    expect(mode(`ssl=${encodeURIComponent('{"rejectUnauthorized":false}')}`)).toBe('required');
    // mysql2 turns verification off only for a literal false.
    expect(mode(`ssl=${encodeURIComponent('{"rejectUnauthorized":0}')}`)).toBe('verify');
    expect(mode('ssl=null')).toBe('disabled');
    expect(mode('ssl=Amazon%20RDS')).toBe('verify');
    expect(mode('ssl=Amazon+RDS')).toBe('verify');
    expect(mode(`ssl=${encodeURIComponent('"Amazon RDS"')}`)).toBe('verify');
    // Not JSON and no profile's name: unknown.
    expect(mode('ssl={rejectUnauthorized:false}')).toBeNull();
  });

  it('a setting it does not know is passed over for the next one it does', () => {
    expect(mode('ssl-mode=SOMETIMES&tls=true')).toBe('verify');
  });
});
