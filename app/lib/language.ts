import type { Language } from "../../db/schema";
import { toTsvector } from "./text/analyze";

/**
 * Customers write in English, Swedish, Norwegian and Chinese. Each title and post is indexed by
 * the application (app/lib/text): its language is identified (text/detect.ts), and every word
 * is stored with its stems, base forms and compound parts, Chinese as jieba words plus single
 * characters, so that "lösenord" finds "lösenordet", "kund" finds "kundkorgen" and "会议" does
 * not find "社会议题". The query side analyses a query the same way (services/search/query.ts).
 */

export { detectLanguage } from "./text/detect";

/**
 * PostgreSQL's configuration per language. It indexes only rows written before the
 * application built the index itself, until they are reindexed (see db/migrations/0010).
 */
export const TS_CONFIG: Record<Language, string> = {
  en: "english",
  sv: "swedish",
  no: "norwegian",
  zh: "simple",
};

/**
 * The version of the normalisation the index was written with. Bump it when the analysis
 * changes (rules, dictionaries, segmentation): `npm run reindex` then rewrites older rows.
 */
export const SEARCH_VERSION = 1;

/** What a title or post stores for search: the index as tsvector text. */
export function searchLexemes(text: string, language: Language): string {
  return toTsvector(text, language);
}
