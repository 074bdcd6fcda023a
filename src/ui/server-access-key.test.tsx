import { afterEach, describe, expect, it } from 'vitest';
import { startRedisLike } from '../lab/servers/redis-like.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { keys, renderApp, type AppHarness } from './app-harness.test-helper.js';
import { waitFor } from './wait-for.test-helper.js';

const apps: AppHarness[] = [];
const servers: LabServer[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/**
 * After a verdict a rule on the server decided, the app does not stop to ask: the verdict shows at once, and `b`
 * on it offers "Can you run a command on the server?"; a yes puts the command that shows the rule first.
 */
describe('the verdict screen offers the server-side command on b', () => {
  it('Redis in protected mode: the verdict first, then b, yes, and CONFIG GET protected-mode for this port', async () => {
    // Given a Redis-speaking lab server that refuses as protected mode does
    const redis = await startRedisLike('127.0.0.1', undefined, { kind: 'protected' });
    servers.push(redis);
    const app = await renderApp({ target: `redis://127.0.0.1:${redis.port}`, symptom: null });
    apps.push(app);

    // Then the verdict shows without a question, with the key that asks it (a socket's close can take longer than
    // the harness's default turns on a loaded machine: this wait is bounded by its 10 s backstop instead)
    const hint = '[b] answer: Can you run a command on the server?';
    await waitFor(() => app.frame().includes(hint), app.frame, 10_000_000);
    expect(app.frame()).toContain('refuses this client by its access rules');
    expect(app.frame()).not.toContain('On the server, run');
    expect(app.ctl.store.getState().session?.answers).toEqual([
      expect.objectContaining({ id: 'protocol.server-access', value: 'no', defaulted: true }),
    ]);

    // When the user presses b and answers yes
    await app.press('b');
    await app.waitForText('Yes: show the command');
    await app.press(keys.up, keys.enter);

    // Then the verdict comes back with the command that shows the rule first
    await app.waitForText('[b] change answer');
    expect(app.frame()).toContain(`redis-cli -p ${redis.port} CONFIG GET protected-mode`);
    expect(app.ctl.store.getState().session?.verdict.nextSteps[0]).toMatch(/^On the server, run `redis-cli/);
  });
});
