import { isDatabaseUnavailable } from "./errors";

/**
 * Retries `work` while the database is away (a restart takes a second or two), with doubling
 * delays; any other error, or the last attempt's, goes to the caller. For background work that
 * has no client to answer 503 to, such as fanning out an event already committed.
 */
export async function whileDatabaseRestarts<T>(work: () => Promise<T>, options: { attempts?: number; firstDelayMs?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}
