import type { SignalKind } from "./types";

/**
 * A sentence yields a signal of a kind when its score reaches the kind's threshold. Set for
 * precision first (sales and product managers must trust what lands on their lists), measured
 * with `npm run eval`; the figures are in bench/report.md.
 */
export const THRESHOLDS: Record<SignalKind, number> = {
  feature_request: 0.6,
  implied_need: 0.6,
  buying_intent: 0.6,
};
