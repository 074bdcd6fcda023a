import { extname } from 'node:path';

/** The report formats `--report` knows, by file extension. */
export type ReportFormat = 'md' | 'json' | 'html';

const formatsByExtension: Record<string, ReportFormat> = {
  '.md': 'md',
  '.markdown': 'md',
  '.json': 'json',
  '.html': 'html',
  '.htm': 'html',
};

/**
 * The format a `--report` path asks for, from its extension (any case); null when it names none we know. Apart
 * from the writer, so that the option is checked as it is parsed without loading file-system promises.
 */
export function reportFormatFor(path: string): ReportFormat | null {
  return formatsByExtension[extname(path).toLowerCase()] ?? null;
}
