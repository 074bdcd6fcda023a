import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { StepList } from './StepList.js';
import { applyEvent, initialState, runStarted } from './store.js';
import { makeTheme, ThemeContext } from './theme.js';

const lab = createTestLab();
afterEach(() => lab.close());

describe('StepList', () => {
  it('shows each step as it runs, then its mark, summary and duration, keeping the path visible', async () => {
    // Given the real events of a diagnosis of an HTTP 502 gateway
    const port = await lab.httpServer(502);
    const { events, session } = await recordDiagnosis(`http://127.0.0.1:${port}/`);
    const start = runStarted(initialState({ target: `http://127.0.0.1:${port}/`, symptom: 'x' }));

    // When the walk is half way: two steps done, the HTTP request started
    const midway = events
      .slice(0, events.findIndex((e) => e.type === 'step-started' && e.id === 'http.request') + 1)
      .reduce(applyEvent, start);
    const { lastFrame, rerender } = render(<StepList steps={midway.steps} />);

    // Then the finished steps show ✓ with their summary, and the running one its title
    const frame = lastFrame() ?? '';
    expect(frame).toContain(`✓ ${session.steps[0]!.summary}`);
    expect(frame).toContain(`✓ ${session.steps[1]!.summary}`);
    expect(frame).toMatch(/Send an HTTP request|HTTP/);
    expect(frame.split('\n')).toHaveLength(3);

    // When the walk ends
    rerender(<StepList steps={events.reduce(applyEvent, start).steps} />);

    // Then the 502 answer is marked as the failure it is, each line with its duration
    const done = lastFrame() ?? '';
    expect(done).toContain(`✗ ${session.steps[2]!.summary}`);
    for (const line of done.split('\n')) expect(line).toMatch(/\d+(\.\d+)? (ms|s)$/);
  });

  it('draws with ASCII marks when asked', async () => {
    // Given a refused connection's steps
    const { events } = await recordDiagnosis(`127.0.0.1:${await lab.closedPort()}`);
    const steps = events.reduce(applyEvent, runStarted(initialState({ target: '127.0.0.1:1', symptom: 'x' }))).steps;

    // When drawn in ASCII
    const { lastFrame } = render(
      <ThemeContext.Provider value={makeTheme({ color: false, ascii: true })}>
        <StepList steps={steps} />
      </ThemeContext.Provider>,
    );

    // Then the marks are + and x, and nothing outside ASCII is drawn by us
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/^\+ /m);
    expect(frame).toMatch(/^x .*refused/m);
    expect(frame).not.toMatch(/[✓✗•]/);
  });

  it('draws an ASCII spinner for a running step', () => {
    const { lastFrame } = render(
      <ThemeContext.Provider value={makeTheme({ color: false, ascii: true })}>
        <StepList steps={[{ status: 'running', id: 'tcp.connect', title: 'Connect over TCP' }]} />
      </ThemeContext.Provider>,
    );
    expect(lastFrame()).toMatch(/^[-\\|/] Connect over TCP\.\.\.$/);
  });
});
