/**
 * Runs tasks one after another per key and concurrently across keys; each caller gets its own
 * task's result or error. Idle keys are forgotten, so the map does not grow with every key
 * ever used.
 */
export function keyedMutex<K>() {
  const tails = new Map<K, Promise<unknown>>();
  return {
    run<T>(key: K, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** Resolves when everything queued so far has run (for shutdown). */
    async drain(): Promise<void> {
      await Promise.all([...tails.values()]);
    },
  };
}
