import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHostsPath, hostsAddresses, maxHostsFileBytes, parseHostsFile, readHostsFile } from './hosts-file.js';

const sample = [
  '# The first line is a comment',
  '127.0.0.1\tlocalhost',
  '::1     localhost ip6-localhost   ip6-loopback',
  '',
  '10.0.0.5 Build.Example.test build   # trailing comment',
  '10.0.0.6\t \tbuild.example.test.',
  'fe80::1%eth0 router.example.test',
  'not-an-address garbage.example.test',
  '999.1.1.1 bad.example.test',
  '10.0.0.7',
  '   # indented comment 10.0.0.8 hidden.example.test',
  '10.0.0.5 build.example.test',
  '192.0.2.1 crlf.example.test\r',
].join('\n');

describe('parseHostsFile', () => {
  const entries = parseHostsFile(sample);

  it('keeps address lines only, with their family and lower-cased names', () => {
    expect(entries).toEqual([
      { address: '127.0.0.1', family: 4, names: ['localhost'] },
      { address: '::1', family: 6, names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
      { address: '10.0.0.5', family: 4, names: ['build.example.test', 'build'] },
      { address: '10.0.0.6', family: 4, names: ['build.example.test'] },
      { address: 'fe80::1%eth0', family: 6, names: ['router.example.test'] },
      { address: '10.0.0.5', family: 4, names: ['build.example.test'] },
      { address: '192.0.2.1', family: 4, names: ['crlf.example.test'] },
    ]);
  });

  it('reads nothing from an empty or binary file', () => {
    expect(parseHostsFile('')).toEqual([]);
    expect(parseHostsFile('\u0000\u0001\u001b[31m\n\t\t\n')).toEqual([]);
  });
});

describe('hostsAddresses', () => {
  const entries = parseHostsFile(sample);

  it('finds every address of a name in file order, once each, ignoring case and a trailing dot', () => {
    expect(hostsAddresses(entries, 'BUILD.example.test.')).toEqual([
      { address: '10.0.0.5', family: 4 },
      { address: '10.0.0.6', family: 4 },
    ]);
  });

  it('finds aliases, IPv6 and zone ids', () => {
    expect(hostsAddresses(entries, 'localhost')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(hostsAddresses(entries, 'ip6-loopback')).toEqual([{ address: '::1', family: 6 }]);
    expect(hostsAddresses(entries, 'router.example.test')).toEqual([{ address: 'fe80::1%eth0', family: 6 }]);
  });

  it('finds nothing for names only in comments or garbage lines', () => {
    expect(hostsAddresses(entries, 'hidden.example.test')).toEqual([]);
    expect(hostsAddresses(entries, 'garbage.example.test')).toEqual([]);
    expect(hostsAddresses(entries, 'bad.example.test')).toEqual([]);
  });
});

describe('defaultHostsPath', () => {
  it('is /etc/hosts on Linux and macOS', () => {
    expect(defaultHostsPath('linux', {})).toBe('/etc/hosts');
    expect(defaultHostsPath('darwin', {})).toBe('/etc/hosts');
  });

  it('is under %SystemRoot% on Windows', () => {
    expect(defaultHostsPath('win32', { SystemRoot: 'D:\\Win' })).toBe('D:\\Win\\System32\\drivers\\etc\\hosts');
    expect(defaultHostsPath('win32', {})).toBe('C:\\Windows\\System32\\drivers\\etc\\hosts');
  });
});

describe('readHostsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'conn-doctor-hosts-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('returns the entries for the name and the path it read', async () => {
    const file = path.join(dir, 'hosts');
    await fs.writeFile(file, sample);
    expect(await readHostsFile('build', file)).toEqual({
      kind: 'read',
      path: file,
      addresses: [{ address: '10.0.0.5', family: 4 }],
    });
    expect(await readHostsFile('absent.example.test', file)).toEqual({ kind: 'read', path: file, addresses: [] });
  });

  it('reads this machine’s hosts file by default', async () => {
    const result = await readHostsFile('localhost');
    expect(result).toMatchObject({ kind: 'read', path: defaultHostsPath() });
    expect(result.kind === 'read' && result.addresses.map(({ address }) => address)).toContain('127.0.0.1');
  });

  it('says why a file cannot be read', async () => {
    const missing = path.join(dir, 'missing');
    expect(await readHostsFile('localhost', missing)).toEqual({ kind: 'unreadable', path: missing, errno: 'ENOENT' });
    expect(await readHostsFile('localhost', dir)).toEqual({ kind: 'unreadable', path: dir, errno: 'EISDIR' });
  });

  it('reads only the first MiB and drops the line cut in half', async () => {
    const file = path.join(dir, 'huge');
    const head = `10.0.0.1 early.example.test\n# ${'x'.repeat(maxHostsFileBytes - 60)}\n`;
    const straddle = '10.0.0.2 straddle.example.test\n';
    await fs.writeFile(file, `${head}${straddle}10.0.0.3 late.example.test\n`);
    // What the bound cuts out of the straddling line would parse as a name of its own ("straddle.exa…").
    const cut = parseHostsFile(straddle.slice(0, maxHostsFileBytes - head.length));
    const cutName = cut[0]?.names[0] ?? '';
    expect(cutName).toMatch(/^straddle\.ex/);
    expect(cutName).not.toBe('straddle.example.test');

    expect(await readHostsFile('early.example.test', file)).toMatchObject({ addresses: [{ address: '10.0.0.1' }] });
    expect(await readHostsFile(cutName, file)).toMatchObject({ kind: 'read', addresses: [] });
    expect(await readHostsFile('late.example.test', file)).toMatchObject({ kind: 'read', addresses: [] });
  });
});
