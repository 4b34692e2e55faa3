/**
 * Per-socket limits on what clients send. Each socket gets its own small counters, so one noisy
 * client cannot spend another's budget, and nothing needs sharing between nodes (a socket lives
 * on exactly one node).
 */
export interface RealtimeLimits {
  /** Thread rooms one socket may be in at once (a page joins one; a dashboard a few). */
  maxThreadsPerSocket: number;
  /** Join attempts per socket per window, refused or not. */
  joinsPerWindow: number;
  joinWindowMs: number;
  /** At most one `typing` per socket per this interval; the rest are dropped silently. */
  typingIntervalMs: number;
  /** Presence is recounted at most this often per thread and node. */
  presenceThrottleMs: number;
  /** Messages of any kind per socket per window; past that the socket is disconnected (a flood). */
  messagesPerWindow: number;
  messageWindowMs: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = {
  maxThreadsPerSocket: 20,
  joinsPerWindow: 10,
  joinWindowMs: 10_000,
  typingIntervalMs: 2_000,
  presenceThrottleMs: 500,
  messagesPerWindow: 120,
  messageWindowMs: 10_000,
};

type Clock = () => number;

/** At most `max` takes in any `windowMs`: a sliding log (the counts are tiny). */
export function slidingWindow(max: number, windowMs: number, now: Clock = Date.now) {
  const taken: number[] = [];
  return {
    tryTake(): boolean {
      const t = now();
      while (taken.length > 0 && taken[0]! <= t - windowMs) taken.shift();
      if (taken.length >= max) return false;
      taken.push(t);
      return true;
    },
  };
}

/** One take per `intervalMs`: for signals where the latest one carries no more than the first. */
export function minInterval(intervalMs: number, now: Clock = Date.now) {
  let last = -Infinity;
  return {
    tryTake(): boolean {
      const t = now();
      if (t - last < intervalMs) return false;
      last = t;
      return true;
    },
  };
}
