import { describe, expect, it } from 'vitest';
import { looksLikeConninfo, parseConninfo, shownConninfo } from './libpq-conninfo.js';

function pairs(text: string): Record<string, string> {
  const parsed = parseConninfo(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse, got: ${parsed.error}`);
  return Object.fromEntries(parsed.values);
}

function error(text: string): string {
  const parsed = parseConninfo(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.error;
}

/** The examples and rules of libpq's docs, §34.1.1.1 "Keyword/Value Connection Strings". */
describe('parseConninfo', () => {
  it('reads pairs separated by whitespace, with spaces around "=" or not', () => {
    expect(pairs('host=localhost port=5432 dbname=mydb connect_timeout=10')).toEqual({
      host: 'localhost',
      port: '5432',
      dbname: 'mydb',
      connect_timeout: '10',
    });
    expect(pairs('  host = db   user= app dbname =shop ')).toEqual({ host: 'db', user: 'app', dbname: 'shop' });
  });

  it("reads quoted values with spaces, escaped quotes and backslashes, and the empty value ''", () => {
    expect(pairs(String.raw`password='it\'s a \\secret' user=app options=''`)).toEqual({
      password: String.raw`it's a \secret`,
      user: 'app',
      options: '',
    });
    // Outside quotes a backslash escapes the next character too, as in fe-connect.c.
    expect(pairs(String.raw`password=a\ b`)).toEqual({ password: 'a b' });
  });

  it('lets a later pair override an earlier one, as libpq does', () => {
    expect(pairs('host=a host=b')).toEqual({ host: 'b' });
  });

  it('refuses what libpq refuses, in one line, without quoting what may be a password', () => {
    expect(error('host=db port')).toBe(
      `missing "=" after "port" in the connection string (quote a value with spaces: 'a b')`,
    );
    expect(error("host=db password='open")).toBe('unterminated quoted value of "password" in the connection string');
    expect(error('host=db dbnmae=shop')).toBe('unknown connection option "dbnmae" in the connection string');
    expect(error('HOST=db')).toBe('unknown connection option "HOST" in the connection string');
    // An unquoted password with a space: its second word reads as a keyword, and must not be echoed.
    const leak = error('host=db password=correct horse');
    expect(leak).not.toContain('horse');
    expect(leak).toContain('a keyword');
  });

  it('shows the string again with the password as ***, quoting what needs quotes', () => {
    const parsed = parseConninfo("host=db user=app password='s3 cret' application_name='my app'");
    expect(parsed.ok && shownConninfo(parsed.values)).toBe("host=db user=app password=*** application_name='my app'");
  });
});

describe('looksLikeConninfo', () => {
  it('takes "keyword=" at the start, and not URLs or hosts', () => {
    expect(looksLikeConninfo('host=db')).toBe(true);
    expect(looksLikeConninfo('dbname = shop host=db')).toBe(true);
    expect(looksLikeConninfo('postgres://db/shop?sslmode=require')).toBe(false);
    expect(looksLikeConninfo('db.example.com:5432')).toBe(false);
  });
});
