import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, type ParseContext } from './cli-args.js';
import { defaultOptions, frontEndOf, optionTable } from './option-table.js';

const pipes: ParseContext = { stdin: false, stdout: false };
const terminal: ParseContext = { stdin: true, stdout: true };
const parse = (argv: string[], context: ParseContext = pipes, env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8' }) =>
  parseCliArgs(argv, env, context);
const wget =
  '--2023-03-29 08:00:01--  http://127.0.0.1:8080/\nConnecting to 127.0.0.1:8080... failed: Connection refused.';

describe('parseCliArgs: the option table', () => {
  it('gives every option its default from the table', async () => {
    expect(await parse([])).toEqual({ ...defaultOptions(), interactive: false, color: false });
    expect(defaultOptions()).toMatchObject({ timeoutMs: 3000, intervalMs: 5000, repeat: null, symptom: null });
  });

  it.each([
    [['--timeout', '250'], { timeoutMs: 250 }],
    [['--timeout=250'], { timeoutMs: 250 }],
    [['--repeat', '7'], { repeat: 7 }],
    [['--interval', '200', '--watch'], { intervalMs: 200, watch: true }],
    [['--dns-server', '[::1]:5353'], { dnsServer: '[::1]:5353' }],
    [['--report', 'out.md', '--json'], { report: 'out.md', json: true }],
    [['--demo'], { demo: true }],
    // --demo [scenario]: the scenario stands in the target's place, before or after the flag.
    [['--demo', 'refused'], { demo: true, target: 'refused' }],
    [['refused', '--demo'], { demo: true, target: 'refused' }],
    [['--explain'], { explain: true }],
    [['-h'], { help: true }],
    [['-v'], { version: true }],
    [['--timeout', '100', '--timeout', '200'], { timeoutMs: 200 }],
    [['localhost:3000'], { target: 'localhost:3000' }],
    [['--', '-odd-target'], { target: '-odd-target' }],
  ])('%j', async (argv, expected) => {
    expect(await parse(argv)).toMatchObject(expected);
  });

  it('has one entry per name and per field, and a help line for each', () => {
    const names = optionTable.flatMap((spec) => [spec.name, ...(spec.short ? [spec.short] : [])]);
    expect(new Set(names).size).toBe(names.length);
    // Every source option adds to the one ordered list of sources; any other sets a field of its own.
    const fields = optionTable.filter((spec) => spec.kind !== 'source').map((spec) => spec.key);
    expect(new Set(fields).size).toBe(fields.length);
    expect(optionTable.filter((spec) => spec.key === 'sources').every((spec) => spec.kind === 'source')).toBe(true);
    for (const spec of optionTable) expect(spec.help.length, spec.name).toBeGreaterThan(0);
  });
});

describe('parseCliArgs: where it runs', () => {
  it('is interactive only with a terminal on both ends, no CI, no --json and no --no-interactive', async () => {
    expect((await parse(['h:1'], terminal)).interactive).toBe(true);
    expect((await parse(['h:1'], { stdin: false, stdout: true })).interactive).toBe(false);
    expect((await parse(['h:1'], terminal, { CI: 'true' })).interactive).toBe(false);
    expect((await parse(['h:1', '--json'], terminal)).interactive).toBe(false);
    expect((await parse(['h:1', '--no-interactive'], terminal)).interactive).toBe(false);
  });

  it('colours only a terminal, without --no-color or NO_COLOR', async () => {
    expect((await parse([], terminal)).color).toBe(true);
    expect((await parse(['--no-color'], terminal)).color).toBe(false);
    expect((await parse([], terminal, { NO_COLOR: '1' })).color).toBe(false);
    expect((await parse([], terminal, { NO_COLOR: '' })).color).toBe(true);
    expect((await parse([], pipes)).color).toBe(false);
  });

  it('falls back to ASCII marks in a C locale', async () => {
    expect((await parse([], pipes, { LANG: 'C' })).ascii).toBe(process.platform !== 'win32');
    expect((await parse([], pipes, { LANG: 'en_US.UTF-8' })).ascii).toBe(process.platform === 'win32');
  });
});

describe('parseCliArgs: --symptom takes any pasted text', () => {
  it.each([[['--symptom', wget]], [[`--symptom=${wget}`]], [['--symptom', '-h']], [['--symptom', '--json']]])(
    '%j',
    async (argv) => {
      const options = await parse(['127.0.0.1:8080', ...argv]);
      expect(options.symptom).toBe(argv.length === 1 ? wget : argv[1]);
      expect(options).toMatchObject({ target: '127.0.0.1:8080', help: false, json: false });
    },
  );

  it('reads "-" from standard input', async () => {
    const options = await parse(['--symptom', '-', 'h:1'], { ...pipes, readStdin: async () => wget });
    expect(options.symptom).toBe(wget);
  });

  it('refuses "-" when standard input is a terminal, and an empty input', async () => {
    const neverRead = async () => expect.unreachable('stdin read from a terminal');
    await expect(parse(['--symptom', '-'], { ...terminal, readStdin: neverRead })).rejects.toThrow(
      /^--symptom - reads the message from standard input: pipe it in/,
    );
    await expect(parse(['--symptom', '-'], { ...pipes, readStdin: async () => ' \n' })).rejects.toThrow(
      '--symptom -: standard input was empty',
    );
  });
});

describe('parseCliArgs: usage errors say what is wrong in one line', () => {
  const notPem = join(mkdtempSync(join(tmpdir(), 'conn-doctor-args-')), 'not.pem');
  writeFileSync(notPem, 'hello\n');

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate (see conn-doctor --help)'],
    [['-x'], 'unknown option -x (see conn-doctor --help)'],
    [['--bad\x1b[2J'], 'unknown option --bad\\x1b[2J (see conn-doctor --help)'],
    [['--json=yes'], '--json takes no value (see conn-doctor --help)'],
    [['h:1', '--timeout'], '--timeout needs a value: --timeout <ms> (see conn-doctor --help)'],
    [['--timeout', 'soon'], 'invalid --timeout "soon": give a whole number from 50 to 600000'],
    [['--timeout', '-5'], 'invalid --timeout "-5": give a whole number from 50 to 600000'],
    [['--repeat', '0'], 'invalid --repeat "0": give a whole number from 1 to 100'],
    [['--interval', '5'], 'invalid --interval "5": give a whole number from 200 to 3600000'],
    [['--dns-server', 'dns.example'], /^invalid --dns-server "dns.example": give an IP address/],
    [['--ca', '/nonexistent/ca.pem'], 'cannot read --ca "/nonexistent/ca.pem": ENOENT'],
    [['--ca', notPem], `--ca "${notPem}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`],
    // Several targets make a sweep, except where one scenario or none is read.
    [['--demo', 'a:1', 'b:2'], 'expected one target, got 2: a:1 b:2'],
    [['--targets'], '--targets needs a value: --targets <file|-> (see conn-doctor --help)'],
    [['--env='], '--env needs a file name, not an empty one (see conn-doctor --help)'],
    // Refused as it is parsed, before any probe runs.
    [
      ['h:1', '--report', 'out.txt'],
      'cannot write "out.txt": the report format comes from the extension: .md, .json or .html',
    ],
    // The targets are echoed without their passwords.
    [['--explain', 'postgres://u:hunter2@db', 'extra'], 'expected one target, got 2: postgres://***@db extra'],
  ])('%j', async (argv, message) => {
    const error = await parse(argv).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'UsageError' });
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('parseCliArgs: the targets of a sweep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-sources-'));
  const existing = join(dir, 'app-settings');
  writeFileSync(existing, 'A_URL=http://127.0.0.1:1\n');

  it.each([
    [['a:1'], [{ kind: 'arg', target: 'a:1' }], false],
    [
      ['a:1', 'b:2'],
      [
        { kind: 'arg', target: 'a:1' },
        { kind: 'arg', target: 'b:2' },
      ],
      true,
    ],
    [['--env'], [{ kind: 'env', file: '.env' }], true],
    [['--env=x'], [{ kind: 'env', file: 'x' }], true],
    [['--env', existing], [{ kind: 'env', file: existing }], true],
    // The next argument is the file when it looks like one, even missing: the run then says it cannot be read.
    [['--env', '.env.missing'], [{ kind: 'env', file: '.env.missing' }], true],
    [['--compose', 'stack.yml'], [{ kind: 'compose', file: 'stack.yml' }], true],
    // … and a target when it reads as one and is not a file.
    [
      ['--env', 'localhost:3000'],
      [
        { kind: 'env', file: '.env' },
        { kind: 'arg', target: 'localhost:3000' },
      ],
      true,
    ],
    [['--compose', '--json'], [{ kind: 'compose', file: null }], true],
    [['--targets', '-'], [{ kind: 'list', file: '-' }], true],
    [
      ['a:1', '--env', 'x.env', 'b:2', '--targets', 'l.txt', '--compose'],
      [
        { kind: 'arg', target: 'a:1' },
        { kind: 'env', file: 'x.env' },
        { kind: 'arg', target: 'b:2' },
        { kind: 'list', file: 'l.txt' },
        { kind: 'compose', file: null },
      ],
      true,
    ],
  ])('%j', async (argv, sources, sweep) => {
    const options = await parse(argv);
    expect(options.sources).toEqual(sources);
    expect(options.target).toBe(sources.find((source) => source.kind === 'arg')?.target ?? null);
    expect(frontEndOf(options)).toBe(sweep ? 'sweep' : 'headless');
  });

  it('is a sweep in a terminal too (the table, with progress on stderr)', async () => {
    expect(frontEndOf(await parse(['a:1', 'b:2'], terminal))).toBe('sweep');
    expect(frontEndOf(await parse(['a:1'], terminal))).toBe('app');
  });

  it('refuses --targets - from a terminal, and beside --symptom -', async () => {
    await expect(parse(['--targets', '-'], terminal)).rejects.toThrow(
      /^--targets - reads the list from standard input/,
    );
    await expect(parse(['--targets', '-', '--symptom', '-'], { ...pipes, readStdin: async () => 'x' })).rejects.toThrow(
      '--symptom - and --targets - both read standard input: give one of them a file',
    );
  });
});

describe('parseCliArgs: an option the chosen front end does not read', () => {
  const warnings = async (argv: string[], context: ParseContext = pipes) => {
    const lines: string[] = [];
    await parse(argv, { ...context, warn: (line) => lines.push(line) });
    return lines;
  };

  it('is said in one line, and the run goes on', async () => {
    expect(await warnings(['h:1', '--interval', '300'])).toEqual([
      '--interval is ignored by a single diagnosis; it is read by --watch, the app and --wait',
    ]);
    expect(await warnings(['h:1', '--watch', '--report', 'r.md'])).toEqual([
      '--report is ignored by --watch; it is read by a single diagnosis, the app, a sweep and --wait',
    ]);
    expect(await warnings(['--demo', '--timeout', '100', '--symptom', 'x'])).toEqual([
      '--timeout is ignored by --demo; it is read by a single diagnosis, --watch, the app, a sweep and --wait',
      '--symptom is ignored by --demo; it is read by a single diagnosis, --watch, the app, a sweep and --wait',
    ]);
  });

  it('is not said of options that act, nor beside --help, --version or --explain', async () => {
    expect(await warnings(['h:1', '--json', '--timeout', '100', '--report', 'r.json', '--no-color'])).toEqual([]);
    expect(await warnings(['h:1', '--watch', '--interval', '300', '--json'])).toEqual([]);
    expect(await warnings(['h:1', '--watch', '--interval', '300', '--report', 'r.md'], terminal)).toEqual([]);
    expect(await warnings(['--demo', '--json', '--no-color'])).toEqual([]);
    // The demo app in a terminal, a scenario named, and --no-interactive asking for the list instead.
    expect(await warnings(['--demo', 'refused', '--no-color'], terminal)).toEqual([]);
    expect(await warnings(['--demo', '--no-interactive'], terminal)).toEqual([]);
    expect(await warnings(['--help', '--demo', '--timeout', '100'])).toEqual([]);
  });
});
