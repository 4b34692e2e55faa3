import type { Language } from "../../../db/schema";
import { segmentCjk, TS_CONFIG } from "../../lib/language";
import { htmlToPlainText } from "../../lib/markdown/render.server";

/** What search needs of an article: the same language configuration and indexable text as posts. */
export function articleSearchFields(title: string, bodyHtml: string, language: Language) {
  return {
    language,
    search_config: TS_CONFIG[language],
    title_search_text: segmentCjk(title),
    search_text: segmentCjk(htmlToPlainText(bodyHtml)),
  };
}
