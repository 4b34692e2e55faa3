import type { Language } from "../../../db/schema";
import { CJK_RANGE } from "./chinese";

/**
 * Language identification with eld (efficient language detector, medium n-gram database),
 * narrowed to the languages we index, with the author's locale as the tie-breaker for short
 * texts: a two-word reply says too little ("Funker ikke" reads as Danish to every detector).
 */

type Eld = (typeof import("eld/medium"))["eld"];
let detector: Promise<Eld> | undefined;

/** Imported on first use, not at start-up: the database takes about 0.6 s to load. */
function eld(): Promise<Eld> {
  detector ??= import("eld/medium").then((module) => module.eld);
  return detector;
}

/** eld's codes for what we index. Danish is read as Norwegian: we index no Danish, and short Bokmål often scores Danish. */
const OURS: Record<string, Language> = { en: "en", sv: "sv", no: "no", nb: "no", nn: "no", da: "no", zh: "zh" };

const CJK_GLOBAL = new RegExp(`[${CJK_RANGE}]`, "gu");
/** Below this many letters a text is short: the author's locale wins a close call. */
const SHORT = 40;
/** A close call: the locale's score is at least this share of the best one's. */
const CLOSE = 0.85;
/** eld reads this much; more only costs time. */
const SAMPLE = 1000;

/** The language a text is most likely written in, of the four we index. */
export async function detectLanguage(text: string, authorLocale?: Language): Promise<Language> {
  const fallback = authorLocale ?? "en";
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return fallback;
  // Chinese is told by its script: mixed text ("API 失败") is Chinese with English terms.
  const cjk = text.match(CJK_GLOBAL)?.length ?? 0;
  if (cjk / letters > 0.2) return "zh";

  const result = (await eld()).detect(text.slice(0, SAMPLE));
  const scores = new Map<Language, number>();
  for (const [code, score] of Object.entries(result.getScores())) {
    const language = OURS[code];
    if (language && language !== "zh" && score > (scores.get(language) ?? 0)) scores.set(language, score);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return fallback;
  const [best, bestScore] = ranked[0]!;
  if (authorLocale && authorLocale !== best && (letters < SHORT || !result.isReliable())) {
    const localeScore = scores.get(authorLocale) ?? 0;
    if (localeScore >= CLOSE * bestScore) return authorLocale;
  }
  return best;
}
