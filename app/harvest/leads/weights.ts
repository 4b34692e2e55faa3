import { z } from "zod";

/** A whole number in a range, with messages an admin can act on next to the field. */
const whole = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

/** A weight: a blank value (an emptied form field) means its default, where coercion alone would read "" as 0. */
const weight = (min: number, max: number, fallback: number) => z.preprocess(blank, whole(min, max).default(fallback));

/** An annual revenue threshold, in whole currency units; blank is a mistake to point out, not 0. */
const amount = z.preprocess(blank, z.coerce.number({ invalid_type_error: "must be a whole amount, 0 or more" }).int("must be a whole amount, 0 or more").min(0, "must be a whole amount, 0 or more").max(Number.MAX_SAFE_INTEGER, "is too large"));

/**
 * How a lead's score is made, in points: fit (who they are) plus behaviour (what they did).
 * Admins edit these (stored in settings under "leads"); every score keeps the list of what made
 * it, so sales can see why a lead ranks where it does.
 */
export const leadWeightsSchema = z.object({
  /** Fit by plan: prospects and trials are who sales talks to; customers are upsell. */
  plan: z
    .object({
      prospect: weight(0, 100, 30),
      trial: weight(0, 100, 40),
      customer: weight(0, 100, 15),
      none: weight(0, 100, 0),
    })
    .default({}),
  /** Fit by company size (annual revenue, whole currency units): the first band reached counts. */
  revenueBands: z
    .array(z.object({ atLeast: amount, points: z.preprocess(blank, whole(0, 100)) }), { invalid_type_error: "revenue bands must be a list" })
    .max(10, "at most 10 revenue bands")
    .default([
      { atLeast: 10_000_000, points: 20 },
      { atLeast: 1_000_000, points: 10 },
    ]),
  /** A buying-intent signal, times its strength (0..1); each further one counts half the one before. */
  buyingIntent: weight(0, 200, 40),
  buyingIntentCap: weight(0, 500, 80),
  /** An idea vote or a feature request by someone at a prospect or trial company. */
  ideaVote: weight(0, 100, 5),
  ideaVoteCap: weight(0, 200, 20),
  request: weight(0, 100, 10),
  requestCap: weight(0, 200, 30),
  /** A burst of activity: at least `burstPosts` posts within `burstDays` days. */
  burstPosts: weight(2, 100, 3),
  burstDays: weight(1, 90, 7),
  burst: weight(0, 100, 10),
  /** A person becomes a lead at this score (and with at least one signal). */
  minScore: weight(0, 1000, 30),
});

export type LeadWeights = z.output<typeof leadWeightsSchema>;

export const DEFAULT_LEAD_WEIGHTS: LeadWeights = leadWeightsSchema.parse({});
