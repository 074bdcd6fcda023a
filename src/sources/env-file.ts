import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import { isDiagnosedScheme, urlSchemeOf } from './diagnosed-schemes.js';
import { type EnvAssignment, scanEnvLines } from './env-lines.js';
import { redactTarget } from '../shared/redact-secrets.js';
import type { SourceResult, SourcedTarget } from './sourced-target.js';

/** `DATABASE_URL`, `MONGODB_URI`, `SENTRY_DSN`, and the bare `URL` / `URI` / `DSN`: names that hold a connection. */
const URL_NAME = /(?:^|_)(?:URL|URI|DSN)$/i;
/** `PGHOST`/`PGPORT`, `REDIS_HOST`/`REDIS_PORT`: a stem, then `HOST`. An empty stem (`HOST`/`PORT`) is the app's own listener. */
const HOST_NAME = /^(.+?)(HOST)$/i;
/** `${NAME}` or `$NAME` without a default: read as empty when the file does not set NAME before. */
const REFERENCE = /(?<!\\)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g;
const PORT = /^\d{1,5}$/;
/** A host name or an IP literal (bracketed or not); anything else in a `_HOST` variable is not a host. */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\[?[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]?)$/;

/**
 * The connections a dotenv file names (SPEC §7), in file order: every `*_URL` / `*_URI` / `*_DSN` variable whose
 * value is a URL of a scheme conn-doctor diagnoses, and every `<NAME>_HOST` with its `<NAME>_PORT` (`PGHOST` with
 * `PGPORT` too). Other variables are not targets.
 *
 * Values are read as dotenv reads them (quotes, comments, `export`, multi-line values) and `${VAR}` references are
 * expanded as dotenv-expand does, from the file's own earlier variables only: the process's environment is neither
 * read nor written, so the result depends on the text alone and matches what the app gets from the same file in a
 * clean environment. A URL that refers to a variable the file does not set is skipped with a note. `$(…)` and backticks are
 * text: nothing in the file is ever run (dotenv-expand is pinned below the versions that run them).
 */
export function targetsFromEnv(text: string, fileName: string): SourceResult {
  const scanned = scanEnvLines(text);
  if ('message' in scanned) return { error: { file: fileName, line: scanned.line, message: scanned.message } };
  const { assignments } = scanned;
  const literal = parse(text.replace(/^\uFEFF/, ''));
  const values = expandWithinFile(literal, assignments);
  const notes: string[] = [];
  const found: { line: number; target: SourcedTarget }[] = [];
  const where = (a: EnvAssignment) => `${a.name} (${fileName} line ${a.line})`;

  for (const assignment of assignments.values()) {
    const { name } = assignment;
    const value = values[name]?.trim() ?? '';
    const source = { kind: 'env' as const, file: fileName, line: assignment.line, name };
    if (URL_NAME.test(name)) {
      if (value === '') continue;
      if (/[\u0000-\u001f\u007f]/.test(value)) {
        notes.push(`${where(assignment)} holds a line break or another control character: skipped`);
        continue;
      }
      const scheme = urlSchemeOf(value);
      if (scheme === null || !isDiagnosedScheme(scheme)) {
        notes.push(
          scheme === null
            ? `${where(assignment)} is not a URL: skipped`
            : `${where(assignment)} is a ${scheme.replace(/[^a-z0-9+.-]/g, '')}: URL, which conn-doctor does not diagnose: skipped`,
        );
        continue;
      }
      if (/^[^:]+:\/\/(?:[/?#]|$)/.test(value)) {
        notes.push(`${where(assignment)} is a URL without a host: skipped`);
        continue;
      }
      // A URL built from a variable the file does not set is not the URL the app will use: say so, diagnose nothing.
      const unset = unsetReferences(literal[name] ?? '', assignment, assignments);
      if (unset.length > 0) {
        notes.push(
          `${where(assignment)} uses ${unset.map((n) => `\${${n}}`).join(', ')}, which the file does not set before it: skipped`,
        );
        continue;
      }
      found.push({ line: assignment.line, target: { input: redactTarget(value), raw: value, source } });
      continue;
    }
    const stem = HOST_NAME.exec(name);
    if (!stem) continue;
    const portName = `${stem[1]}${stem[2] === 'HOST' ? 'PORT' : 'port'}`;
    const portAssignment = assignments.get(portName);
    if (!portAssignment) continue;
    const host = value;
    const port = values[portName]?.trim() ?? '';
    const pairName = `${name}/${portName}`;
    if (host === '' || port === '') continue;
    if (!HOST.test(host)) {
      notes.push(`${where(assignment)} is not a host name or an IP address: ${pairName} skipped`);
      continue;
    }
    if (!PORT.test(port) || Number(port) < 1 || Number(port) > 65_535) {
      notes.push(`${where(portAssignment)} is not a port number (1-65535): ${pairName} skipped`);
      continue;
    }
    const bare = host.replace(/^\[|\]$/g, '');
    const hostPort = `${bare.includes(':') ? `[${bare}]` : bare}:${Number(port)}`;
    found.push({
      line: assignment.line,
      target: { input: hostPort, raw: hostPort, source: { ...source, name: pairName } },
    });
  }
  found.sort((a, b) => a.line - b.line);
  return { targets: found.map((f) => f.target), notes };
}

/**
 * dotenv-expand over the file's own values, into a fresh object: never `process.env`, which it would otherwise both
 * read (winning over the file) and write. A single-quoted value stays literal, as in a shell.
 */
function expandWithinFile(
  literal: Record<string, string>,
  assignments: Map<string, EnvAssignment>,
): Record<string, string> {
  const parsed = { ...literal };
  expand({ parsed, processEnv: {} });
  for (const [name, assignment] of assignments) {
    if (assignment.quote === "'" && name in literal) parsed[name] = literal[name]!;
  }
  return parsed;
}

function unsetReferences(
  literalValue: string,
  assignment: EnvAssignment,
  assignments: Map<string, EnvAssignment>,
): string[] {
  if (assignment.quote === "'") return [];
  const unset = new Set<string>();
  for (const match of literalValue.matchAll(REFERENCE)) {
    const name = (match[1] ?? match[2])!;
    const defined = assignments.get(name);
    if (!defined || defined.line > assignment.line) unset.add(name);
  }
  return [...unset];
}
