import { keyedMutex } from "../lib/keyed-mutex";

/**
 * Runs tasks one after another per key and concurrently across keys. The realtime layer reads
 * the thread fresh from the database before fanning an event out; without this, two events
 * about one thread (a reply, then the thread being hidden) could finish their reads in the
 * other order and reach readers reordered. Failures go to `onError`: one failed fan-out must
 * not stop the thread's next event.
 */
export function keyedQueue<K>(onError: (error: unknown) => void) {
  const mutex = keyedMutex<K>();
  return {
    run: (key: K, task: () => Promise<void>): Promise<void> => mutex.run(key, task).catch(onError),
    drain: () => mutex.drain(),
  };
}
