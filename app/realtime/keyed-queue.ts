/**
 * Runs tasks one after another per key and concurrently across keys. The realtime layer reads
 * the thread fresh from the database before fanning an event out; without this, two events
 * about one thread (a reply, then the thread being hidden) could finish their reads in the
 * other order and reach readers reordered.
 */
export function keyedQueue<K>(onError: (error: unknown) => void) {
  const tails = new Map<K, Promise<void>>();
  return {
    run(key: K, task: () => Promise<void>): Promise<void> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task).catch(onError);
      tails.set(key, next);
      // Forget idle keys so the map does not grow with every thread ever touched.
      void next.then(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
      return next;
    },
    /** Resolves when everything queued so far has run (for shutdown). */
    async drain(): Promise<void> {
      await Promise.all([...tails.values()]);
    },
  };
}
