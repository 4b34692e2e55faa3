import type { CompanyPlan } from "../../../db/schema";
import type { LeadWeights } from "./weights";

/** What the lead score is computed from, for one person. */
export interface LeadFacts {
  plan: CompanyPlan | null;
  annualRevenue: number | null;
  /** Strengths (0..1) of the person's buying-intent signals. */
  buyingIntent: number[];
  /** Ideas they voted for, and feature requests or implied needs they wrote. */
  ideaVotes: number;
  requests: number;
  /** The most posts they wrote within any window of `burstDays` days lately. */
  busiestWindowPosts: number;
}

export interface ScoreLine {
  factor: string;
  points: number;
  detail: string;
}

export interface LeadScore {
  score: number;
  fit: number;
  behaviour: number;
  /** Why: one line per part of the score that counted. */
  explanation: ScoreLine[];
  /** Whether there is anything to act on at all (a score from fit alone is not a lead). */
  hasSignal: boolean;
}

/** Diminishing returns: the first signal counts in full, each next one half the one before. */
function diminishing(strengths: number[], weight: number): number {
  return [...strengths].sort((a, b) => b - a).reduce((sum, s, i) => sum + (weight * s) / 2 ** i, 0);
}

/**
 * A lead's score, explained. Pure: the same facts and weights always give the same score, so
 * it can be tested, shown, and recomputed at any time.
 */
export function scoreLead(facts: LeadFacts, w: LeadWeights): LeadScore {
  const lines: ScoreLine[] = [];
  const add = (factor: string, points: number, detail: string) => {
    const rounded = Math.round(points);
    if (rounded !== 0) lines.push({ factor, points: rounded, detail });
    return rounded;
  };
  const planPoints = add("plan", w.plan[facts.plan ?? "none"], facts.plan ? `company on the ${facts.plan} plan` : "no company");
  const band = facts.annualRevenue === null ? undefined : [...w.revenueBands].sort((a, b) => b.atLeast - a.atLeast).find((b) => facts.annualRevenue! >= b.atLeast);
  const sizePoints = band ? add("company size", band.points, `annual revenue of at least ${band.atLeast.toLocaleString("en")}`) : 0;
  const fit = planPoints + sizePoints;

  const intent = add(
    "buying intent",
    Math.min(w.buyingIntentCap, diminishing(facts.buyingIntent, w.buyingIntent)),
    `${facts.buyingIntent.length} buying-intent ${facts.buyingIntent.length === 1 ? "signal" : "signals"}`,
  );
  // Votes and requests say "we need this" — a buying signal from people not yet paying.
  const evaluating = facts.plan === "prospect" || facts.plan === "trial";
  const votes = evaluating ? add("idea votes", Math.min(w.ideaVoteCap, facts.ideaVotes * w.ideaVote), `${facts.ideaVotes} ${facts.ideaVotes === 1 ? "idea" : "ideas"} voted for while on ${facts.plan}`) : 0;
  const requests = evaluating ? add("feature requests", Math.min(w.requestCap, facts.requests * w.request), `${facts.requests} feature ${facts.requests === 1 ? "request" : "requests"} while on ${facts.plan}`) : 0;
  const burst = facts.busiestWindowPosts >= w.burstPosts ? add("burst of activity", w.burst, `${facts.busiestWindowPosts} posts within ${w.burstDays} days`) : 0;
  const behaviour = intent + votes + requests + burst;
  return {
    score: fit + behaviour,
    fit,
    behaviour,
    explanation: lines,
    hasSignal: facts.buyingIntent.length > 0 || votes > 0 || requests > 0,
  };
}
