import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';
import { frontEndOf, optionTable } from './option-table.js';
import { likelyTheApp } from './start-engine-early.js';

// The command guesses from its arguments whether the run is the guided app, to start the engine's worker before
// the CLI loads. A guess that misses the app loses that head start; one that is wrong starts an idle thread. Held
// here to what the option parser decides: every option of the table alone never hides the app, and the options
// that send a run elsewhere start no worker.

/** A value each option that takes one accepts; options added later without one here are left out. */
const values: Record<string, string> = {
  report: 'out.md',
  timeout: '250',
  repeat: '7',
  interval: '200',
  symptom: 'ECONNREFUSED',
  'dns-server': '127.0.0.1',
};

/** Every option of the table alone, before a target, and with no option at all. */
const commandLines: string[][] = [
  ['localhost:8080'],
  [],
  ...optionTable.flatMap((spec): string[][] => {
    if (spec.kind === 'flag') return [[`--${spec.name}`, 'localhost:8080']];
    const value = values[spec.name];
    return value === undefined ? [] : [[`--${spec.name}`, value, 'localhost:8080'], [`--${spec.name}=${value}`]];
  }),
  ['-h'],
  ['-v'],
];

const terminal = { stdin: true, stdout: true };
const env = { LANG: 'C.UTF-8' };

describe('likelyTheApp', () => {
  it.each(commandLines.map((argv) => [argv.join(' ') || '(nothing)', argv]))(
    '%s: guesses the guided app whenever the parser runs it, in a terminal',
    async (_, argv) => {
      const frontEnd = frontEndOf(await parseCliArgs(argv, env, terminal));
      if (frontEnd === 'app') expect(likelyTheApp(argv, env, true)).toBe(true);
    },
  );

  it.each([['--json'], ['--no-interactive'], ['--demo'], ['--explain'], ['--help'], ['-h'], ['--version'], ['-v']])(
    '%s: starts no worker for a run the parser sends elsewhere',
    async (option) => {
      const argv = [option, 'localhost:8080'];
      expect(frontEndOf(await parseCliArgs(argv, env, terminal))).not.toBe('app');
      expect(likelyTheApp(argv, env, true)).toBe(false);
    },
  );

  it.each([[['--env']], [['--compose']], [['--targets', 'targets.txt']], [['--wait', '30s']]])(
    '%j: a sweep or a wait runs its rows beside the table, so no worker starts',
    async (options) => {
      const argv = [...options, 'localhost:8080'];
      expect(frontEndOf(await parseCliArgs(argv, env, terminal))).not.toBe('app');
      expect(likelyTheApp(argv, env, true)).toBe(false);
    },
  );

  it('never guesses the app without a terminal on both ends, or in CI', () => {
    expect(likelyTheApp(['localhost:8080'], env, false)).toBe(false);
    expect(likelyTheApp(['localhost:8080'], { ...env, CI: 'true' }, true)).toBe(false);
  });
});
