/**
 * Runs tasks with at most `limit` at once, and at most `perKeyLimit` of one key at once (a sweep's key is the
 * server's host). A task waits for both; tasks start in the order given whenever a place is free, so a host with
 * many targets never holds back the targets of other hosts.
 */
export function runPooled<T>(
  tasks: readonly { key: string; run: () => Promise<T> }[],
  limits: { limit: number; perKeyLimit: number },
): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  const running = new Map<string, number>();
  const waiting = tasks.map((_, index) => index);
  let active = 0;
  let settled = 0;
  return new Promise((resolve, reject) => {
    if (tasks.length === 0) resolve(results);
    const startWhatFits = () => {
      for (let i = 0; i < waiting.length && active < limits.limit; ) {
        const index = waiting[i]!;
        const { key, run } = tasks[index]!;
        if ((running.get(key) ?? 0) >= limits.perKeyLimit) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        active++;
        running.set(key, (running.get(key) ?? 0) + 1);
        run().then((value) => {
          results[index] = value;
          active--;
          running.set(key, running.get(key)! - 1);
          if (++settled === tasks.length) resolve(results);
          else startWhatFits();
        }, reject);
      }
    };
    startWhatFits();
  });
}
