import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./errors";

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
} as const;

export type Bucket = keyof typeof BUCKETS;

export interface RateLimits {
  /** Spends one point of `bucket` for `key`; throws a 429 AppError when none are left. */
  consume(bucket: Bucket, key: string): Promise<void>;
  close(): Promise<void>;
}

export function createRateLimits(connectionString: string, options: { enabled: boolean }): RateLimits {
  if (!options.enabled) return { consume: async () => {}, close: async () => {} };
  // A small pool of its own: limiter queries must not queue behind the app's transactions.
  const pool = new pg.Pool({ connectionString, max: 3 });
  pool.on("error", () => {}); // an idle connection was cut: the pool reconnects on next use
  const limiters = Object.fromEntries(
    Object.entries(BUCKETS).map(([name, b]) => [
      name,
      new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix: name, points: b.points, duration: b.duration }),
    ]),
  ) as Record<Bucket, RateLimiterPostgres>;
  return {
    consume: async (bucket, key) => {
      try {
        await limiters[bucket].consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError(
          429,
          "rate_limited",
          `Too many ${BUCKETS[bucket].what}. Try again in ${retryAfter < 120 ? `${retryAfter} seconds` : `${Math.ceil(retryAfter / 60)} minutes`}.`,
          { retryAfter },
          { "Retry-After": String(retryAfter) },
        );
      }
    },
    close: () => pool.end(),
  };
}
