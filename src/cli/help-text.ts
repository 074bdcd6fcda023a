import { type OptionSpec, optionLabel, optionTable } from './option-table.js';

/** Where the help lines of the options start. */
const helpColumn = 25;

/** A value's default, where it has one: `--timeout <ms>  budget … (default 3000)`. */
export const defaultNote = (spec: OptionSpec) =>
  spec.kind === 'value' && spec.default !== null ? ` (default ${spec.default})` : '';

/** `--help`, built from the option table, so that an option and its help line are written once. */
export function helpText(): string {
  const options = optionTable.flatMap((spec) => {
    const label = `  ${optionLabel(spec)}`;
    const [first = '', ...rest] = spec.help;
    return [
      `${label.padEnd(helpColumn - 2)}  ${first}${defaultNote(spec)}`,
      ...rest.map((line) => `${' '.repeat(helpColumn)}${line}`),
    ];
  });
  return `conn-doctor — find out why a connection failed

Usage: conn-doctor [target...] [options]

Targets:  http://host[:port][/path]   https://host[:port][/path]   tcp://host:port
          host:port   [ipv6]:port   ipv4   ipv6   host (port asked, or 80)
          ssh://  postgres://  mysql://  mariadb://  redis(s)://  mongodb(+srv)://  amqp(s)://  smtp(s)://
          with [user[:password]@]host[:port][/database]; a password is sent only to test it
          "host=db port=5432 dbname=shop user=app" (libpq's keyword/value string, one argument)
          several targets, --env, --compose or --targets: a sweep, a row a target,
          exit status 0 only when every one is healthy

Options:
${options.join('\n')}

Exit status: 0 healthy, 1 problem diagnosed, 2 usage error, 3 internal error.
`;
}
