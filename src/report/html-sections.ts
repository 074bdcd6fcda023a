import type { JsonReport } from './json-report.js';
import { escapeHtml, escapeHtmlBlock, escapeHtmlKeepingCode } from './html-escape.js';
import { proxyRouteText } from './proxy-route-text.js';

/** The sections of the HTML report that read the JSON report's data, so they show its rounded figures. */

/** The verdict first: what broke, how sure we are, and what happened in plain words. */
export function verdictHeader({ verdict, target }: JsonReport): string {
  const ok = verdict.id === 'healthy';
  return [
    `<header class="verdict${ok ? ' ok' : ''}" id="verdict">`,
    `<p class="eyebrow">conn-doctor diagnosis of <code>${escapeHtml(target.input)}</code></p>`,
    `<h1>${escapeHtml(verdict.title)}</h1>`,
    '<p class="verdict-meta">',
    `<span class="badge state">${ok ? 'no problem found' : 'problem found'}</span>`,
    `<code>${escapeHtml(verdict.id)}</code>`,
    `<span class="badge ${escapeHtml(verdict.confidence)}">confidence: ${escapeHtml(verdict.confidence)}</span></p>`,
    `<p class="summary">${escapeHtml(verdict.summary)}</p>`,
    '</header>',
  ].join('');
}

export function evidenceSection({ verdict }: JsonReport): string {
  const body =
    verdict.evidence.length === 0
      ? '<p class="muted">No evidence was recorded.</p>'
      : list('ul', verdict.evidence.map(escapeHtml));
  return `<section id="evidence"><h2>Evidence</h2>${body}</section>`;
}

/** Commands are in backticks in the verdict's prose: they become `<code>`, ready to copy. */
export function nextStepsSection({ verdict }: JsonReport): string {
  const body =
    verdict.nextSteps.length === 0
      ? '<p class="muted">Nothing to do.</p>'
      : list('ol class="next"', verdict.nextSteps.map(escapeHtmlKeepingCode));
  return `<section id="next-steps"><h2>Next steps</h2>${body}</section>`;
}

export function answersSection({ answers }: JsonReport): string {
  if (answers.length === 0)
    return '<section id="answers"><h2>Answers</h2><p class="muted">No question was asked.</p></section>';
  const rows = answers.map(
    (a) =>
      `<tr><td>${escapeHtml(a.question)}</td><td>${escapeHtml(a.answer)}</td>` +
      `<td>${a.defaulted ? 'default, nobody was asked' : 'chosen'}</td></tr>`,
  );
  const head = '<tr><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">How</th></tr>';
  return `<section id="answers"><h2>Answers</h2><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function symptomSection({ symptom, symptomDecoded }: JsonReport): string {
  if (symptom === null || symptomDecoded === null) {
    return '<section id="symptom"><h2>Symptom</h2><p class="muted">None was given (<code>--symptom</code>).</p></section>';
  }
  return `<section id="symptom"><h2>Symptom</h2>${definitions([
    ['Reported', `<code>${escapeHtml(symptom)}</code>`],
    ['Recognised as', `${escapeHtml(symptomDecoded.source)} (<code>${escapeHtml(symptomDecoded.id)}</code>)`],
    ['Meaning', escapeHtml(symptomDecoded.meaning)],
    ['Reproduced', reproducedText(symptomDecoded.reproduced)],
  ])}</section>`;
}

function reproducedText(reproduced: boolean | null): string {
  if (reproduced === null) return 'could not be told';
  return reproduced ? 'yes, the probes saw this failure' : 'no, the probes did not see this failure';
}

export function targetSection({ target, environment }: JsonReport): string {
  const dns = environment.dnsServer
    ? `<code>${escapeHtml(environment.dnsServer)}</code> only (<code>--dns-server</code>; the system lookup was skipped)`
    : 'the system resolver';
  return `<section id="target"><h2>Target and environment</h2>${definitions([
    ['Target', `<code>${escapeHtml(target.input)}</code>`],
    ['Scheme', escapeHtml(target.scheme)],
    ['Host', `<code>${escapeHtml(target.host)}</code>`],
    ['Port', target.port === null ? 'not given' : String(target.port)],
    ...(target.scheme === 'tcp' ? [] : ([['Path', `<code>${escapeHtml(target.path)}</code>`]] as [string, string][])),
    ['Platform', `${escapeHtml(environment.platform)}, Node.js ${escapeHtml(environment.node)}`],
    ['Name resolution', dns],
    ['Budget per probe', `${environment.timeoutMs} ms`],
    ['Proxy', escapeHtml(proxyRouteText(environment.proxy, target.scheme))],
  ])}</section>`;
}

/** The JSON report itself, folded away, for whoever picks the file up later. */
export function rawJsonSection(json: string): string {
  const code = `<pre><code>${escapeHtmlBlock(json.trimEnd())}</code></pre>`;
  return `<section id="raw"><details><summary>Raw JSON report</summary>${code}</details></section>`;
}

function list(tag: string, items: string[]): string {
  const name = tag.split(' ')[0];
  return `<${tag}>${items.map((item) => `<li>${item}</li>`).join('')}</${name}>`;
}

/** Terms and already-escaped HTML values. */
function definitions(pairs: [string, string][]): string {
  return `<dl>${pairs.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`;
}
