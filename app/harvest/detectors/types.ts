import type { Language } from "../../../db/schema";

export type { Language };

export const SIGNAL_KINDS = ["feature_request", "implied_need", "buying_intent"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** One thing a sentence of a post asks for or reveals. */
export interface Signal {
  kind: SignalKind;
  /** 0..1: how sure the rules are; a signal exists only at or above its kind's threshold. */
  score: number;
  /** The phrases that triggered it, as they are written in the post. */
  matched: string[];
  /** The sentence it was found in, as written (HTML tags removed, whitespace collapsed). */
  quote: string;
  language: Language;
  /** Index of the sentence among the post's analysed sentences (quotes, code and logs excluded). */
  sentence: number;
}

export interface DetectOptions {
  /** Skip identification and record this language for every sentence. */
  language?: Language;
  /** The author's interface language: the answer for texts too short to identify. */
  authorLocale?: Language;
}
