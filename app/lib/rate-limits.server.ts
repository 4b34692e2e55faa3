import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError, msg } from "./errors";

/**
 * Rate limits kept in PostgreSQL (table rate_limits), so every node of a cluster counts
 * against the same budget. Over the limit is a 429 with Retry-After.
 */
export const BUCKETS = {
  /** Per client address: slows password guessing without locking real users out. */
  login: { points: 20, duration: 10 * 60, what: "login attempts" },
  register: { points: 5, duration: 60 * 60, what: "sign-ups" },
  /** Per user; new members also have their own daily caps (moderation settings). */
  post: { points: 30, duration: 60, what: "posts" },
  flag: { points: 30, duration: 60 * 60, what: "flags" },
  /** Per client address. */
  search: { points: 60, duration: 60, what: "searches" },
  /** Per client address: "Was this helpful?" votes, and suggestions opened from the new-question form. */
  feedback: { points: 60, duration: 60 * 60, what: "feedback votes" },
  deflection: { points: 120, duration: 60 * 60, what: "opened suggestions" },
  /**
   * Failed logins for one account from one address: a guesser is stopped after ten, the real
   * owner elsewhere is not (the lock holds only for that address, and only 15 minutes).
   */
  loginFailureAccountAddress: { points: 10, duration: 15 * 60, what: "failed logins for this account" },
  /** Failed logins for one account from anywhere: a guess spread over many addresses is slowed too. */
  loginFailureAccount: { points: 100, duration: 60 * 60, what: "failed logins for this account" },
  /** Per user: edits go through the render queue like new posts. */
  edit: { points: 30, duration: 60, what: "edits" },
  /** Per client address, every write of every kind: the floor under all the specific limits. */
  write: { points: 600, duration: 60, what: "requests that change something" },
} as const;

export type Bucket = keyof typeof BUCKETS;

export interface RateLimits {
  /** Spends one point of `bucket` for `key`; throws a 429 AppError when none are left. */
  consume(bucket: Bucket, key: string): Promise<void>;
  /** Throws the same 429 when `key` has nothing left in `bucket`, without spending. */
  ensureAvailable(bucket: Bucket, key: string): Promise<void>;
  /** Forgets what `key` spent (a successful login clears its failures). */
  reset(bucket: Bucket, key: string): Promise<void>;
  close(): Promise<void>;
}

export function createRateLimits(connectionString: string, options: { enabled: boolean }): RateLimits {
  if (!options.enabled) return { consume: async () => {}, ensureAvailable: async () => {}, reset: async () => {}, close: async () => {} };
  // A small pool of its own: limiter queries must not queue behind the app's transactions.
  const pool = new pg.Pool({ connectionString, max: 3 });
  pool.on("error", () => {}); // an idle connection was cut: the pool reconnects on next use
  const limiters = Object.fromEntries(
    Object.entries(BUCKETS).map(([name, b]) => [
      name,
      new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix: name, points: b.points, duration: b.duration }),
    ]),
  ) as Record<Bucket, RateLimiterPostgres>;
  const tooMany = (bucket: Bucket, msBeforeNext: number) => {
    const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return new AppError(
      429,
      "rate_limited",
      msg("rateLimit.tooMany", {
        what: msg(`rateLimit.what.${bucket}`),
        wait: retryAfter < 120 ? msg("rateLimit.seconds", { count: retryAfter }) : msg("rateLimit.minutes", { count: Math.ceil(retryAfter / 60) }),
      }),
      { retryAfter },
      { "Retry-After": String(retryAfter) },
    );
  };
  return {
    consume: async (bucket, key) => {
      try {
        await limiters[bucket].consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw tooMany(bucket, rejection.msBeforeNext);
      }
    },
    ensureAvailable: async (bucket, key) => {
      const state = await limiters[bucket].get(key);
      if (state && state.remainingPoints <= 0) throw tooMany(bucket, state.msBeforeNext);
    },
    reset: async (bucket, key) => {
      await limiters[bucket].delete(key);
    },
    close: () => pool.end(),
  };
}
