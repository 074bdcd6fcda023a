import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

/** The JSON report's fields the tests read. */
export interface ReportSeen {
  target: { input: string; path: string };
  steps: { id: string; outcome: string; details: unknown }[];
  verdict: {
    id: string;
    title: string;
    summary: string;
    evidence: string[];
    nextSteps: string[];
    confidence: string;
  };
}

/**
 * Every output of one diagnosis of `target` by the built CLI, for tests that a secret reaches none of them: the text
 * summary, the JSON, the Markdown and HTML reports (files in `dir`), and each run's stdout and stderr.
 */
export async function everyOutput(
  dir: string,
  target: string,
): Promise<{ code: number; report: ReportSeen; all: string[] }> {
  const md = join(dir, `${Math.random().toString(36).slice(2)}.md`);
  const html = md.replace(/\.md$/, '.html');
  const text = await runCli([target, '--report', md]);
  const htmlRun = await runCli([target, '--report', html]);
  const json = await runCli([target, '--json']);
  const all = [
    text.stdout,
    text.stderr,
    htmlRun.stdout,
    htmlRun.stderr,
    json.stdout,
    json.stderr,
    readFileSync(md, 'utf8'),
    readFileSync(html, 'utf8'),
  ];
  return { code: json.code, report: JSON.parse(json.stdout) as ReportSeen, all };
}
