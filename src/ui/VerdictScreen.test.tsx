import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../engine/session.js';
import { exchangeDiagram } from '../report/exchange-diagram.js';
import { renderExchangeDiagram } from '../report/exchange-diagram-text.js';
import { keys, settle } from './app-harness.test-helper.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { makeTheme, ThemeContext } from './theme.js';
import { VerdictScreen, type VerdictScreenProps } from './VerdictScreen.js';
import { wrapVerdict } from './verdict-text.js';

const lab = createTestLab();
afterEach(() => lab.close());

/** The verdict of a real HTTP 502 gateway on loopback. */
async function gatewaySession(): Promise<Session> {
  return (await recordDiagnosis(`http://127.0.0.1:${await lab.httpServer(502)}/`)).session;
}

function renderVerdict(session: Session, overrides: Partial<VerdictScreenProps> = {}, color = false) {
  const actions = {
    onExport: vi.fn(),
    onFormat: vi.fn(),
    onCancelExport: vi.fn(),
    onRunAgain: vi.fn(),
    onBack: vi.fn(),
    onQuit: vi.fn(),
    onToggleView: vi.fn(),
    onSymptom: vi.fn(),
    onToggleEvidence: vi.fn(),
  };
  const props: VerdictScreenProps = {
    verdict: session.verdict,
    text: wrapVerdict(session, 100),
    diagram: renderExchangeDiagram(exchangeDiagram(session), { ascii: false, width: 100 }),
    evidenceShown: session.verdict.evidence.length,
    expanded: false,
    decisive: null,
    view: 'all',
    exporting: false,
    ...actions,
    ...overrides,
  };
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color, ascii: false })}>
      <VerdictScreen {...props} />
    </ThemeContext.Provider>,
  );
  const press = async (key: string) => {
    await settle();
    instance.stdin.write(key);
    await settle();
  };
  return { ...instance, ...actions, press, frame: () => instance.lastFrame() ?? '' };
}

describe('VerdictScreen', () => {
  it('shows the title, confidence, summary, evidence, next steps and the exchange', async () => {
    // Given the verdict of a 502 gateway
    const session = await gatewaySession();
    const { frame } = renderVerdict(session);
    const { verdict } = session;

    // Then every part of it is on screen
    expect(frame()).toContain(`✗ ${verdict.title} (likely)`);
    expect(frame()).toContain(verdict.summary.slice(0, 40));
    expect(frame()).toContain('Evidence');
    for (const line of verdict.evidence) expect(frame()).toContain(line);
    expect(frame()).toContain('Next steps');
    expect(frame()).toMatch(/→ See the whole answer/);
    expect(frame()).toContain('HTTP/1.1 502 Bad Gateway ──');
    expect(frame()).toMatch(/client +127\.0\.0\.1:\d+/);
  });

  it('leads with the measurement that decided, counts the evidence it leaves out, and v asks for it', async () => {
    // Given a 502 verdict with room for one evidence line, its step list cut to ids
    const session = await gatewaySession();
    const text = wrapVerdict(session, 100);
    const { frame, press, onToggleEvidence, onSymptom } = renderVerdict(session, {
      evidenceShown: 1,
      decisive: text.decisive,
    });
    // Then the HTTP answer that decided comes first, then what fits, then how many more and the key for them
    const evidence = frame().slice(frame().indexOf('Evidence'));
    expect(evidence).toMatch(/^Evidence\n\s+✗ http\.request: HTTP\/1\.1 502 Bad Gateway in /);
    expect(frame()).toContain(session.verdict.evidence[0]);
    expect(frame()).not.toContain(session.verdict.evidence[1]);
    expect(frame()).toContain(`+${session.verdict.evidence.length - 1} more: [v] shows them`);
    await press('v');
    expect(onToggleEvidence).toHaveBeenCalledTimes(1);
    await press('s');
    expect(onSymptom).toHaveBeenCalledTimes(1);
  });

  it('takes v only when there is evidence to show or hide', async () => {
    const session = await gatewaySession();
    const { press, onToggleEvidence } = renderVerdict(session);
    await press('v');
    expect(onToggleEvidence).not.toHaveBeenCalled();
  });

  it('shows either the findings or the exchange when both do not fit', async () => {
    const session = await gatewaySession();
    const findings = renderVerdict(session, { view: 'findings' });
    expect(findings.frame()).toContain('Next steps');
    expect(findings.frame()).not.toContain('── SYN ──');
    const exchange = renderVerdict(session, { view: 'exchange' });
    expect(exchange.frame()).toContain('── SYN ──');
    expect(exchange.frame()).not.toContain('Next steps');
    expect(exchange.frame()).toContain(session.verdict.title);
  });

  it('keeps the backticks of commands without colour, and draws them in colour instead when it can', async () => {
    const session = await gatewaySession();
    expect(renderVerdict(session, {}, false).frame()).toMatch(/`curl -v --max-time 10 http:\/\/127\.0\.0\.1:\d+\/`/);
    expect(renderVerdict(session, {}, true).frame()).not.toContain('`curl');
  });

  it('turns e, r, b, q and Esc into their actions, and d only when the view can switch', async () => {
    const session = await gatewaySession();
    const all = renderVerdict(session);
    for (const key of ['e', 'r', 'b', 'd', 'q', keys.escape]) await all.press(key);
    expect([all.onExport, all.onRunAgain, all.onBack].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    expect(all.onQuit).toHaveBeenCalledTimes(2);
    expect(all.onToggleView).not.toHaveBeenCalled();

    const split = renderVerdict(session, { view: 'findings' });
    await split.press('d');
    expect(split.onToggleView).toHaveBeenCalledTimes(1);
  });

  it('while a format is picked, takes m, j and h as formats and Esc as cancel', async () => {
    const session = await gatewaySession();
    const picking = renderVerdict(session, { exporting: true });
    for (const key of ['m', 'j', 'h', 'e', keys.escape]) await picking.press(key);
    expect(picking.onFormat.mock.calls).toEqual([['md'], ['json'], ['html']]);
    expect(picking.onCancelExport).toHaveBeenCalledTimes(1);
    expect(picking.onExport).not.toHaveBeenCalled();
    expect(picking.onQuit).not.toHaveBeenCalled();
  });
});
