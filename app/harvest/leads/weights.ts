import { z } from "zod";

/**
 * How a lead's score is made, in points: fit (who they are) plus behaviour (what they did).
 * Admins edit these (stored in settings under "leads"); every score keeps the list of what made
 * it, so sales can see why a lead ranks where it does.
 */
export const leadWeightsSchema = z.object({
  /** Fit by plan: prospects and trials are who sales talks to; customers are upsell. */
  plan: z
    .object({
      prospect: z.coerce.number().int().min(0).max(100).default(30),
      trial: z.coerce.number().int().min(0).max(100).default(40),
      customer: z.coerce.number().int().min(0).max(100).default(15),
      none: z.coerce.number().int().min(0).max(100).default(0),
    })
    .default({}),
  /** Fit by company size (annual revenue, whole currency units): the first band reached counts. */
  revenueBands: z
    .array(z.object({ atLeast: z.coerce.number().min(0), points: z.coerce.number().int().min(0).max(100) }))
    .max(10)
    .default([
      { atLeast: 10_000_000, points: 20 },
      { atLeast: 1_000_000, points: 10 },
    ]),
  /** A buying-intent signal, times its strength (0..1); each further one counts half the one before. */
  buyingIntent: z.coerce.number().int().min(0).max(200).default(40),
  buyingIntentCap: z.coerce.number().int().min(0).max(500).default(80),
  /** An idea vote or a feature request by someone at a prospect or trial company. */
  ideaVote: z.coerce.number().int().min(0).max(100).default(5),
  ideaVoteCap: z.coerce.number().int().min(0).max(200).default(20),
  request: z.coerce.number().int().min(0).max(100).default(10),
  requestCap: z.coerce.number().int().min(0).max(200).default(30),
  /** A burst of activity: at least `burstPosts` posts within `burstDays` days. */
  burstPosts: z.coerce.number().int().min(2).max(100).default(3),
  burstDays: z.coerce.number().int().min(1).max(90).default(7),
  burst: z.coerce.number().int().min(0).max(100).default(10),
  /** A person becomes a lead at this score (and with at least one signal). */
  minScore: z.coerce.number().int().min(0).max(1000).default(30),
});

export type LeadWeights = z.output<typeof leadWeightsSchema>;

export const DEFAULT_LEAD_WEIGHTS: LeadWeights = leadWeightsSchema.parse({});
