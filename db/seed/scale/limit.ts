/**
 * The app's render pool is bounded (app/lib/markdown/render.server.ts: 500 renders waiting in
 * all, 32 per key, 15 s in the queue at most) and answers a 503 past that: back-pressure for a
 * server under load. The seed renders its templates and its verification sample through that
 * same pool, so it keeps a few renders in flight at a time instead of queueing them all.
 */
import { isAppError } from "../../../app/lib/errors";

/** Renders in flight at once: enough to keep every worker busy, far below the pool's caps. */
export const RENDER_CONCURRENCY = 8;

/** `work` over `items` with at most `limit` running at once; results in the items' order. Stops taking new items after a failure. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (!failed && next < items.length) {
        const index = next++;
        try {
          results[index] = await work(items[index]!, index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  return results;
}

/**
 * Runs a render again when the pool says it is busy (a 503: the machine is shared, or another
 * process of ours renders too), after the Retry-After it gives; other errors are the input's.
 */
export async function retryBusy<T>(render: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await render();
    } catch (error) {
      if (attempt >= attempts || !isAppError(error) || error.status !== 503) throw error;
      const seconds = Number(error.details?.retryAfter) || 1;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}
