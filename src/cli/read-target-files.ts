/**
 * The files a sweep reads its targets from: `--env`, `--compose` and `--targets`. A bundle of its own (the
 * parsers bring yaml, dotenv and dotenv-expand), loaded only when one of those options is given, so that a single
 * diagnosis never pays for them.
 */
import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'dotenv';
import { targetsFromCompose } from '../sources/compose-file.js';
import { targetsFromEnv } from '../sources/env-file.js';
import { formatSourceError, type SourceResult, type SourcedTarget } from '../sources/sourced-target.js';
import { targetsFromList } from '../sources/target-list.js';
import type { TargetSourceRequest } from '../shared/options.js';
import { UsageError } from './usage-error.js';

/** Compose's own order of preference for the file it reads when none is named. */
const composeDefaults = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** A file of targets larger than this is not a configuration file: refuse it rather than read it all. */
const maxFileBytes = 4 * 1024 * 1024;

/** What a file gave: its targets in order, and the notes on what was skipped or needs care. */
export interface TargetFile {
  targets: SourcedTarget[];
  notes: string[];
  /** When it gave no target: the line to say (after the notes, which often say why) before exiting 2. */
  noTargets: string | null;
}

/**
 * Reads one file source: a missing, unreadable or oversized file, or a bad line, is a UsageError of one line
 * naming the file (and the line); a file that names no target comes back with `noTargets` set, for the caller to
 * say after the notes. `readStdin` reads `--targets -`.
 */
export async function readTargetFile(
  request: Exclude<TargetSourceRequest, { kind: 'arg' }>,
  readStdin: () => Promise<string>,
): Promise<TargetFile> {
  switch (request.kind) {
    case 'env': {
      const text = await readText(request.file, '--env');
      return checked(
        targetsFromEnv(text, request.file),
        request.file,
        'no URL of a scheme conn-doctor diagnoses in a *_URL, *_URI or *_DSN variable, and no <NAME>_HOST with its <NAME>_PORT',
      );
    }
    case 'compose': {
      const file = request.file ?? (await firstComposeFile());
      const text = await readText(file, '--compose');
      return checked(
        targetsFromCompose(text, file, await composeVariables(file)),
        file,
        'no service publishes a TCP port',
      );
    }
    case 'list': {
      const name = request.file === '-' ? 'stdin' : request.file;
      const text = request.file === '-' ? await readStdin() : await readText(request.file, '--targets');
      return checked(targetsFromList(text, name), name, 'no target: write one a line (# starts a comment)');
    }
  }
}

function checked(result: SourceResult, file: string, none: string): TargetFile {
  if ('error' in result) throw new UsageError(formatSourceError(result.error));
  const noTargets = result.targets.length === 0 ? `${file}: no targets found: ${none}` : null;
  return { ...result, noTargets };
}

/**
 * The file as UTF-8, read up to the limit and no further: `--env /dev/zero` or a log file named by mistake must
 * not fill the memory.
 */
async function readText(file: string, option: string): Promise<string> {
  const cannot = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return new UsageError(`${option}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
  };
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw cannot(error);
  });
  try {
    const buffer = Buffer.alloc(maxFileBytes + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size).catch((error: unknown) => {
        throw cannot(error);
      });
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxFileBytes) throw new UsageError(`${option}: ${file} is larger than 4 MiB: not a file of targets`);
    }
    return buffer.subarray(0, size).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function firstComposeFile(): Promise<string> {
  for (const name of composeDefaults) {
    if (
      await stat(name).then(
        (found) => found.isFile(),
        () => false,
      )
    )
      return name;
  }
  throw new UsageError(
    `--compose: no ${composeDefaults.join(', ')} in this folder: name the file, e.g. --compose stack.yml`,
  );
}

/**
 * `${VAR}` in a Compose file is read, as Compose reads it, from the `.env` beside the file. Only that file, not
 * this process's environment: the ports come out the same whoever runs the sweep. A `.env` that is missing or
 * unreadable gives no variables: the parser then says which port used an unset one.
 */
async function composeVariables(composeFile: string): Promise<Record<string, string>> {
  try {
    return parse(await readText(join(dirname(composeFile), '.env'), '--compose'));
  } catch {
    return {};
  }
}
