import type { Language } from "../../../db/schema";
import { searchLexemes, TS_CONFIG } from "../../lib/language";
import { htmlToPlainText } from "../../lib/markdown/render.server";

/** What search needs of an article: the same analysis as posts (app/lib/text), in the article's language. */
export function articleSearchFields(title: string, bodyHtml: string, language: Language) {
  const plainText = htmlToPlainText(bodyHtml);
  return {
    language,
    search_config: TS_CONFIG[language],
    search_text: plainText,
    title_lexemes: searchLexemes(title, language),
    body_lexemes: searchLexemes(plainText, language),
  };
}
