import { en } from "./en";
import { no } from "./no";
import { sv } from "./sv";
import type { Lang, LanguageCorpus } from "./types";
import { zh } from "./zh";

export type { Lang, LanguageCorpus, SlotKind } from "./types";
export { SLOT_KINDS } from "./types";
export { CODE_BLOCKS, SHARED_VALUES } from "./shared";

export const CORPORA: Record<Lang, LanguageCorpus> = { en, sv, no, zh };
export const LANGS: readonly Lang[] = ["en", "sv", "no", "zh"];

/** Share of users (and so of threads) writing in each language: English first, as on a real
 * Nordic vendor's community with a Chinese customer base. */
export const LANG_WEIGHTS: Record<Lang, number> = { en: 0.68, sv: 0.13, no: 0.11, zh: 0.08 };

/**
 * Words for search benchmarks, per language: `common` ones occur in a large share of posts,
 * `rare` ones in a few hundredths of a percent (they come from the rarely used `{rare}` slot).
 */
export const searchProbes: Record<Lang, { common: string[]; rare: string[] }> = {
  en: en.probes,
  sv: sv.probes,
  no: no.probes,
  zh: zh.probes,
};
