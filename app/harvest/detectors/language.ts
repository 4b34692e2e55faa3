/**
 * Which of our four content languages a sentence is in, by eld (an n-gram detector that told
 * en, sv, nb and zh apart on every sample we measured, about 50 µs a post).
 *
 * eld's medium database is a 2 MB module that takes most of a second and some 70 MB of heap to
 * load, so it is imported once, on first need, and never on a request's path: callers that
 * want eld's answer from the first post await `loadLanguageIdentifier()` (the harvest job at
 * start, the classify endpoint through `classifyText`). Until it has loaded, identification
 * answers from the writing system and the author's locale, and starts the load.
 */
import type { Language } from "../../../db/schema";

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}
interface Eld {
  detect(text: string): EldResult;
}

let eld: Eld | undefined;
let loading: Promise<void> | undefined;

/** Loads eld's medium database once; later calls return the same promise. */
export function loadLanguageIdentifier(): Promise<void> {
  loading ??= import("eld/medium").then((module) => {
    eld = module.eld;
  });
  return loading;
}

/** Below this many letters eld guesses: "Funker ikke" reads as Danish to every detector tried. */
const SHORT_TEXT_LETTERS = 25;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LETTER = /\p{L}/gu;

/** eld's codes that are, for us, one of our languages. */
const OURS: Record<string, Language> = { en: "en", sv: "sv", no: "no", nb: "no", nn: "no", zh: "zh" };

/**
 * The language of a text among en, sv, no and zh. Danish is written Norwegian for our purposes
 * (Bokmål grew out of it, and eld reads short Norwegian as Danish) unless the author's locale
 * says Swedish; Japanese, sharing the Han characters, is nearest to Chinese; any other answer
 * falls to whichever of ours eld scored highest, else to the author's locale, else English.
 */
export function identifyLanguage(text: string, authorLocale?: Language): Language {
  const letters = text.match(LETTER)?.length ?? 0;
  const han = text.match(HAN)?.length ?? 0;
  if (letters === 0) return authorLocale ?? "en";
  if (han * 2 >= letters) return "zh";
  const fallback = authorLocale ?? "en";
  if (!eld) {
    void loadLanguageIdentifier();
    return fallback;
  }
  // A short text takes the author's locale, unless its script rules that out (Latin letters only
  // cannot be Chinese).
  if (letters < SHORT_TEXT_LETTERS && authorLocale && !(authorLocale === "zh" && han === 0)) return authorLocale;
  const result = eld.detect(text);
  const direct = OURS[result.language];
  if (direct) return direct;
  if (result.language === "da") return authorLocale === "sv" ? "sv" : "no";
  if (result.language === "ja") return "zh";
  let best: Language | undefined;
  let bestScore = 0;
  for (const [code, score] of Object.entries(result.getScores())) {
    const ours = OURS[code] ?? (code === "da" ? "no" : undefined);
    if (ours && score > bestScore) {
      best = ours;
      bestScore = score;
    }
  }
  return best ?? fallback;
}
