import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:unit`: the unit projects only, with more workers than the whole suite. Their time is mostly spent
 * waiting on loopback sockets and probe budgets, not on CPU, so four workers on two cores finish sooner (31 s →
 * 21 s on a quiet machine); the whole suite (`npm test`, CI) keeps two, for the timing of its end-to-end tests.
 */
export default defineConfig({
  test: {
    ...base.test,
    maxWorkers: 4,
    projects: base.test?.projects?.filter(
      (project) => typeof project === 'object' && 'test' in project && project.test?.name !== 'system',
    ),
  },
});
