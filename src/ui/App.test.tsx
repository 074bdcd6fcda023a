import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../engine/run-in-process.js';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import { decodeSymptom } from '../tree/symptom-decoder.js';
import { createAppController, startIfReady } from './app-actions.js';
import { App } from './App.js';
import { keys, renderApp, type AppHarness } from './app-harness.test-helper.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { applyEvent, exitCodeOf, initialState, runStarted, sessionFinished, type UiState } from './store.js';
import { makeTheme, ThemeContext } from './theme.js';
import { waitFor } from './wait-for.test-helper.js';

const lab = createTestLab();
const apps: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await lab.close();
});

async function start(given: Parameters<typeof renderApp>[0]): Promise<AppHarness> {
  const app = await renderApp(given);
  apps.push(app);
  return app;
}

const where = 'The connection was refused. Where does the server run?';

describe('App: from the target to the verdict', () => {
  it('validates the target as typed, probes at once on Enter, and asks the refining question on b', async () => {
    // Given the app started without a target, and nothing listening on a port
    const port = await lab.closedPort();
    const app = await start({ target: null, symptom: null });
    await app.waitForText('What do you want to connect to?');

    // When the user types a host with an empty port
    await app.press(...'127.0.0.1:');
    // Then the error shows as they type
    await app.waitForText('missing port after ":"');

    // When they finish the port and press Enter
    await app.press(...String(port), keys.enter);
    // Then the probes run at once and the verdict shows with no other key pressed, the refused step first
    await app.waitForText(`Nothing listens on port ${port}`);
    expect(app.frame()).not.toContain('missing port');
    expect(app.frame()).not.toContain('What did you see?');
    expect(app.frame()).toContain(`127.0.0.1:${port} refused (RST)`);
    expect(app.frame()).toContain('[b] answer: Where does the server run?');
    expect(app.ctl.store.getState().session?.answers).toEqual([
      expect.objectContaining({ id: 'server.location', value: 'unknown', defaulted: true }),
    ]);

    // When they press b and answer "On another host", then "No" to running a command there
    await app.press('b');
    await app.waitForText(where);
    await app.press(keys.up, keys.enter);
    await app.waitForText('Can you run a command on the server');
    await app.press(keys.up, keys.down, keys.enter);

    // Then the verdict shows again, with the answers kept
    await app.waitForText('[b] change answer');
    expect(app.frame()).toContain(`Nothing listens on port ${port}`);
    expect(app.ctl.store.getState().session?.answers.map((a) => [a.id, a.value])).toEqual([
      ['server.location', 'other-host'],
      ['server.access', 'no'],
    ]);
  });

  it('records a pasted message from the verdict screen: what it means, then the header and the session', async () => {
    // Given the verdict of a refused target from the command line, reached with no key pressed
    const port = await lab.closedPort();
    const app = await start({ target: `127.0.0.1:${port}`, symptom: null });
    await app.waitForText('[s] say what you saw');

    // When the user presses s, picks "Paste the message I got" and pastes a curl error
    await app.press('s');
    await app.waitForText('What did you see?');
    await app.press(...Array(9).fill(keys.down), keys.enter);
    await app.waitForText('Paste or type the error message you got:');
    await app.press(`curl: (7) Failed to connect to 127.0.0.1 port ${port}: Connection refused`);

    // Then what it means shows
    await app.waitForText('curl exit 7');
    expect(app.frame()).toMatch(/curl could not open the TCP connection/);

    // When they press Enter
    await app.press(keys.enter);
    // Then the verdict is back, the symptom in the header, checked against what the probes saw
    await app.waitForText('(reproduced)');
    expect(app.frame()).toContain('symptom: curl: (7) Failed to connect');
    expect(app.frame()).toContain('[s] change what you saw');
    expect(app.ctl.store.getState().session?.symptom?.input).toContain('curl: (7)');
  });

  it('records a pasted message with its secrets hidden: on screen, in the session and in an exported report', async () => {
    // Given the verdict of a refused target, reached with no key pressed
    const port = await lab.closedPort();
    const app = await start({ target: `127.0.0.1:${port}`, symptom: null });
    await app.waitForText('[s] say what you saw');

    // When the user presses s and pastes a curl command line with a password and a bearer token, and its error
    await app.press('s');
    await app.waitForText('What did you see?');
    await app.press(...Array(9).fill(keys.down), keys.enter);
    await app.waitForText('Paste or type the error message you got:');
    await app.press(
      `curl -u admin:hunter2pw -H "Authorization: Bearer c2VjcmV0dG9rZW4xMjM0NTY3ODk" http://127.0.0.1:${port}/ ` +
        `curl: (7) Failed to connect to 127.0.0.1 port ${port}: Connection refused`,
    );
    await app.waitForText('curl exit 7');
    await app.press(keys.enter);

    // Then the verdict is back with the symptom recorded
    await app.waitForText('[s] change what you saw');
    const session = app.ctl.store.getState().session;
    expect(session?.symptom?.input).toContain('curl: (7) Failed to connect');
    // When the user exports the JSON report
    await app.press('e');
    await app.waitForText('[m] Markdown');
    await app.press('j');
    await app.waitForText('Report written to');
    const [file] = await readdir(app.exportDir);
    const report = await readFile(join(app.exportDir, file!), 'utf8');
    expect(report).toContain('Failed to connect');
    // Then neither secret is on screen, in the session or in the report
    for (const secret of ['hunter2pw', 'c2VjcmV0dG9rZW4xMjM0NTY3ODk']) {
      expect(app.frame()).not.toContain(secret);
      expect(JSON.stringify(session)).not.toContain(secret);
      expect(report).not.toContain(secret);
    }
  });

  it('goes back from the pasted message to the list, and from the list to the verdict, on Esc', async () => {
    const app = await start({ target: '127.0.0.1:1', symptom: null });
    await app.waitForText('[s] say what you saw');
    await app.press('s');
    await app.press(...Array(9).fill(keys.down), keys.enter);
    await app.waitForText('Paste or type');
    await app.press(keys.escape);
    await app.waitForText('What did you see?');
    await app.press(keys.escape);
    await app.waitForText('[s] say what you saw');
    expect(app.ctl.store.getState().session?.symptom).toBeNull();
  });
});

describe('App: the verdict keys', () => {
  it('exports Markdown, JSON and HTML reports into the folder, and says where', async () => {
    // Given the verdict of an HTTP 502 gateway
    const port = await lab.httpServer(502);
    const app = await start({ target: `http://127.0.0.1:${port}/`, symptom: 'ECONNRESET' });
    await app.waitForText('502 from a proxy or gateway');

    for (const [key, ext] of [
      ['m', 'md'],
      ['j', 'json'],
      ['h', 'html'],
    ] as const) {
      // When the user presses e, then the format's key
      await app.press('e');
      await app.waitForText('[m] Markdown');
      await app.press(key);
      // Then the report is written to a file named after the target and the time, and the path shows
      const name = new RegExp(`conn-doctor-127\\.0\\.0\\.1-${port}-\\d{8}-\\d{6}\\.${ext}`);
      await app.waitForText(name);
      expect(app.frame()).toContain(`Report written to ${app.exportDir}`);
    }

    const files = await readdir(app.exportDir);
    expect(files.sort().map((f) => f.split('.').at(-1))).toEqual(['html', 'json', 'md']);
    const read = (ext: string) => readFile(join(app.exportDir, files.find((f) => f.endsWith(ext))!), 'utf8');
    expect(await read('.md')).toMatch(/^# Connection diagnosis/);
    expect(JSON.parse(await read('.json'))).toMatchObject({ schemaVersion: 1, verdict: { id: 'http-upstream-error' } });
    expect(await read('.html')).toMatch(/^<!doctype html>/i);
  });

  it('cancels the format choice on Esc, writing nothing', async () => {
    const app = await start({ target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: 'ECONNRESET' });
    await app.waitForText('502 from a proxy or gateway');
    await app.press('e');
    await app.waitForText('[m] Markdown');
    await app.press(keys.escape);
    await app.waitForText('[e] export');
    expect(await readdir(app.exportDir)).toEqual([]);
  });

  it('runs the same diagnosis again on r, with the same answers', async () => {
    // Given a healthy server, where the tree asks how often the failure happens
    const port = await lab.httpServer(200);
    const app = await start({ target: `http://127.0.0.1:${port}/`, symptom: null });
    await app.waitForText('Everything works from here right now.');
    await app.press(keys.enter);
    await app.waitForText('[r] run again');
    const first = app.ctl.store.getState().session!;
    expect(first.verdict.id).toBe('healthy');

    // When the user presses r
    const drawn = app.frames.length;
    await app.press('r');

    // Then a new session reaches the same verdict, the answer replayed rather than asked again
    await app.waitForText('[r] run again');
    const again = app.ctl.store.getState().session!;
    expect(again).not.toBe(first);
    expect(again.answers).toEqual([
      expect.objectContaining({ id: 'failure.frequency', value: 'works-now', defaulted: false }),
    ]);
    expect(app.frames.slice(drawn).some((f) => f.includes('Everything works from here right now.'))).toBe(false);
  });

  it('steps back on b to change the last answer, the earlier one highlighted', async () => {
    // Given the verdict after answering "On this machine"
    const port = await lab.closedPort();
    const app = await start({ target: `127.0.0.1:${port}`, symptom: 'ECONNREFUSED' });
    await app.waitForText('[b] answer: Where does the server run?');
    await app.press('b');
    await app.waitForText(where);
    await app.press(keys.up, keys.up, keys.up, keys.enter);
    await app.waitForText('[b] change answer');
    expect(app.ctl.store.getState().session?.answers.map((a) => a.value)).toEqual(['this-machine']);

    // When the user presses b
    await app.press('b');
    // Then the question comes back with their answer highlighted
    await app.waitForText(where);
    expect(app.frame()).toMatch(/❯ On this machine/);

    // When they choose "In a container" instead
    await app.press(keys.down, keys.enter);
    // Then the walk ends with the new answer
    await app.waitForText('[b] change answer');
    expect(app.ctl.store.getState().session?.answers.map((a) => a.value)).toEqual(['container']);
  });

  it('offers no b when no question was asked, and s leaves the verdict for the symptom list and back', async () => {
    const app = await start({ target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: null });
    await app.waitForText('[s] say what you saw');
    expect(app.frame()).not.toContain('[b]');
    await app.press('b');
    expect(app.ctl.store.getState().phase).toBe('verdict');
    await app.press('s');
    await app.waitForText('What did you see?');
    await app.press(keys.escape);
    await app.waitForText('502 from a proxy or gateway');
  });

  it('steps back from a question on Esc, replaying the answers before it', async () => {
    // Given the second question of a refused connection
    const app = await start({ target: `127.0.0.1:${await lab.closedPort()}`, symptom: 'ECONNREFUSED' });
    await app.waitForText('[b] answer: Where does the server run?');
    await app.press('b');
    await app.waitForText(where);
    await app.press(keys.up, keys.enter);
    await app.waitForText('Can you run a command on the server');

    // When the user presses Esc
    await app.press(keys.escape);
    // Then the first question is asked again, their answer highlighted
    await app.waitForText(where);
    expect(app.frame()).toMatch(/❯ On another host/);

    // When they press Esc again, with no answer before it, the verdict the question refines is back
    await app.press(keys.escape);
    await app.waitForText('[b] answer: Where does the server run?');
    expect(app.ctl.store.getState().session?.answers).toEqual([
      expect.objectContaining({ id: 'server.location', defaulted: true }),
    ]);
  });
});

describe('App: keys that arrive in one read', () => {
  it('answers with the row shown, as a paste or tmux send-keys delivers Up Enter', async () => {
    // Given the question a refused connection asks, "I don't know" highlighted
    const app = await start({ target: `127.0.0.1:${await lab.closedPort()}`, symptom: 'ECONNREFUSED' });
    await app.waitForText('[b] answer: Where does the server run?');
    await app.press('b');
    await app.waitForText(where);
    // When Up and Enter arrive together
    await app.press(`${keys.up}${keys.enter}`);
    // Then the row above ("On another host") is the answer, and the next question follows
    await app.waitForText('Can you run a command on the server');
    expect(app.ctl.store.getState().answers.map((a) => a.value)).toEqual(['other-host']);
  });

  it('erases as many characters as Backspaces arrive together in the target field', async () => {
    // Given a target typed with a wrong port
    const app = await start({ target: null, symptom: null });
    await app.waitForText('What do you want to connect to?');
    await app.press('127.0.0.1:9999');
    // When three Backspaces arrive in one read, then the right digits
    await app.press(`${keys.backspace}${keys.backspace}${keys.backspace}`);
    // Then they erased, leaving no invisible character behind
    await waitFor(() => app.ctl.store.getState().targetText === '127.0.0.1:9', app.frame);
    await app.press('1');
    expect(app.ctl.store.getState().targetText).toBe('127.0.0.1:91');
    expect(app.frame()).toContain('❯ 127.0.0.1:91');
  });

  it('takes a port typed on the port question of a bare host', async () => {
    // Given a bare host: the tree asks which port
    const port = await lab.closedPort();
    const app = await start({ target: '127.0.0.1', symptom: null });
    await app.waitForText('Which port does the service listen on?');
    expect(app.frame()).toContain('Another port: type it');
    expect(app.frame()).toContain('[0-9] type a port');
    // When the user types a port not in the list (the digits arrive in one read) and presses Enter
    await app.press(String(port), keys.enter);
    // Then the probes go to that port
    await app.waitForText(`Nothing listens on port ${port}`);
    expect(app.ctl.store.getState().session?.answers[0]).toMatchObject({ id: 'target.port', value: String(port) });
  });

  it('refuses a typed port out of range, and says why', async () => {
    const app = await start({ target: '127.0.0.1', symptom: null });
    await app.waitForText('Which port does the service listen on?');
    await app.press('7', '0', '0', '0', '0', keys.enter);
    await app.waitForText('a port is between 1 and 65535');
    expect(app.ctl.store.getState().phase).toBe('question');
  });
});

describe('App: while probes run', () => {
  it('shows a spinner on the running step, the finished ones above it', async () => {
    // Given a server that accepts and never answers, and a short budget
    const port = await lab.silentServer();
    const app = await start({ target: `http://127.0.0.1:${port}/`, symptom: 'ETIMEDOUT', timeoutMs: 1500 });

    // Then, while the HTTP request waits, its title shows with a spinner under the finished steps
    await app.waitForText('Send an HTTP request…');
    expect(app.frame()).toContain(`✓ 127.0.0.1:${port} open`);
    expect(app.frame()).toContain('[q] quit');
  });
});

describe('App: fits the terminal', () => {
  /** Every screen of a real walk, as store states: a refused port asked about, and a 502 gateway. */
  async function screens(): Promise<{ name: string; state: Partial<UiState> }[]> {
    const refusedPort = await lab.closedPort();
    const answers = { 'server.location': 'other-host', 'server.access': 'yes', 'server.os': 'linux' };
    const refused = await recordDiagnosis(`localhost:${refusedPort}`, { symptom: 'socket hang up', answers });
    const gateway = await recordDiagnosis(`http://127.0.0.1:${await lab.httpServer(502)}/`, { symptom: 'ECONNRESET' });
    const base = (target: string, symptom: string | null) => runStarted(initialState({ target, symptom }));
    const refusedBase = base(`localhost:${refusedPort}`, 'socket hang up');
    const lastQuestion = refused.events.reduce((last, e, i) => (e.type === 'question-asked' ? i : last), -1);
    const midway = refused.events.findIndex((e) => e.type === 'step-started' && e.id === 'tcp.connect');
    const verdictOf = (run: typeof refused, start: UiState) =>
      sessionFinished(run.events.reduce(applyEvent, start), run.session);
    const pasted =
      'java.net.ConnectException: Connection refused: connect at java.base/sun.nio.ch.Net.pollConnect(Native Method)';
    return [
      {
        name: 'target',
        state: { ...initialState({ target: 'http://[::1]:99999/a/very/long/path/that/goes/on', symptom: null }) },
      },
      { name: 'symptom', state: initialState({ target: 'localhost:3000', symptom: null }) },
      {
        name: 'paste',
        state: {
          ...initialState({ target: 'localhost:3000', symptom: null }),
          symptomMode: 'paste',
          pastedText: pasted,
          pastedMeaning: decodeSymptom(pasted),
        },
      },
      { name: 'running', state: refused.events.slice(0, midway + 1).reduce(applyEvent, refusedBase) },
      { name: 'question', state: refused.events.slice(0, lastQuestion + 1).reduce(applyEvent, refusedBase) },
      { name: 'refused verdict', state: verdictOf(refused, refusedBase) },
      { name: 'gateway verdict', state: verdictOf(gateway, base(`http://127.0.0.1:1/`, 'ECONNRESET')) },
      {
        name: 'exporting',
        state: { ...verdictOf(gateway, base(`http://127.0.0.1:1/`, 'ECONNRESET')), phase: 'exporting' },
      },
      {
        name: 'exported',
        state: {
          ...verdictOf(gateway, base(`http://127.0.0.1:1/`, 'ECONNRESET')),
          exportStatus: { kind: 'written', path: join(process.cwd(), 'conn-doctor-127.0.0.1-8080-20250101-120000.md') },
        },
      },
      {
        name: 'error',
        state: {
          ...initialState({ target: 'localhost:3000', symptom: null }),
          phase: 'error',
          error: 'the engine worker crashed: out of memory',
        },
      },
    ];
  }

  function draw(state: Partial<UiState>, columns: number, rows: number, ascii = false): string[] {
    const ctl = createAppController(
      { runner: runInProcess, timeoutMs: 1000, dnsServer: null, version: '0.1.0', exportDir: '.' },
      { target: null, symptom: null },
    );
    ctl.store.setState(state);
    return renderToString(
      <ThemeContext.Provider value={makeTheme({ color: false, ascii })}>
        <App controller={ctl} version="0.1.0" size={{ columns, rows }} />
      </ThemeContext.Provider>,
      { columns },
    ).split('\n');
  }

  it.each([80, 60])('wraps every screen within %i columns, never overflowing', async (columns) => {
    for (const { name, state } of await screens()) {
      for (const ascii of [false, true]) {
        const lines = draw(state, columns, 24, ascii);
        const widest = Math.max(...lines.map((line) => [...line].length));
        expect(widest, `${name}:\n${lines.join('\n')}`).toBeLessThanOrEqual(columns);
      }
    }
  });

  it('keeps each verdict screen within 80×24, the evidence cut first and counted', async () => {
    for (const { name, state } of (await screens()).filter((s) => /verdict|export/.test(s.name))) {
      // Given a verdict screen on an 80×24 terminal
      const lines = draw(state, 80, 24);
      // Then it takes fewer rows than the terminal has (a full-height frame makes Ink redraw the whole screen)
      expect(lines.length, `${name}:\n${lines.join('\n')}`).toBeLessThan(24);
      // And its title and key bar are on it
      expect(lines.join('\n')).toContain(state.session!.verdict.title.slice(0, 30));
      expect(lines.at(-1)).toContain('[q] quit');
    }
  });

  it('shows everything at once on a tall terminal', async () => {
    const gateway = (await screens()).find((s) => s.name === 'gateway verdict')!;
    const text = draw(gateway.state, 100, 60).join('\n');
    for (const line of gateway.state.session!.verdict.evidence) expect(text).toContain(line);
    expect(text).toContain('── SYN ──');
    expect(text).not.toContain('[d]');
  });
});

describe('App: d switches a verdict too tall for the terminal', () => {
  it('between the findings and the diagram', async () => {
    // Given a verdict whose findings and diagram do not fit together in ink-testing-library's 24 rows
    const app = await start({ target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: 'ECONNRESET' });
    await app.waitForText('[d] diagram');
    expect(app.frame()).toContain('Next steps');

    // When the user presses d
    await app.press('d');
    // Then the diagram shows instead, and d goes back
    await app.waitForText('── SYN ──');
    expect(app.frame()).not.toContain('Next steps');
    expect(app.frame()).toContain('[d] findings');
  });
});

describe('App: an internal error', () => {
  it('says the engine failed, exits with 3, and can run again', async () => {
    // Given a runner whose engine fails, as a crashed worker does
    const failing: DiagnosisRunner = () => ({
      session: Promise.reject(new Error('the engine worker crashed: boom\n  at stack')),
      cancel: () => {},
    });
    const ctl = createAppController(
      { runner: failing, timeoutMs: 1000, dnsServer: null, version: '0', exportDir: '.' },
      { target: 'localhost:1', symptom: 'x' },
    );
    const { lastFrame, unmount } = render(<App controller={ctl} version="0" />);
    startIfReady(ctl);

    // Then the error is shown as a bug, on one line, and quitting would exit 3
    await waitFor(
      () => (lastFrame() ?? '').includes('internal error'),
      () => lastFrame() ?? '',
    );
    expect(lastFrame()).toContain('the engine worker crashed: boom');
    expect(lastFrame()).not.toContain('at stack');
    expect(lastFrame()).toContain('[r] run again');
    expect(exitCodeOf(ctl.store.getState())).toBe(3);
    unmount();
  });
});
