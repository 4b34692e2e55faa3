import type { Language, SignalKind } from "../types";

/**
 * A phrase rule: a regular expression over normalized text (see normalize.ts: lower case, no
 * apostrophes, single spaces) and the weight of its evidence, 0..1. Two shorthands keep the
 * lists readable: `<N>` is "up to N more words" and, in Latin-script rules, the whole pattern
 * must start and end on word boundaries. Keep patterns free of nested unbounded repetition:
 * each must stay linear in the length of a sentence.
 */
export interface PhraseRule {
  pattern: string;
  weight: number;
}

/**
 * Evidence that a sentence is something else: a bug report, a past purchase, an order that is
 * late, a how-to question. `damps` multiplies each kind's score by (1 - weight): 1 vetoes.
 */
export interface CounterRule {
  pattern: string;
  damps: Partial<Record<SignalKind, number>>;
}

export interface RuleSet {
  language: Language;
  /** Latin rules get word boundaries; Han rules match anywhere (Chinese has no spaces). */
  script: "latin" | "han";
  signals: Record<SignalKind, PhraseRule[]>;
  counters: CounterRule[];
}
