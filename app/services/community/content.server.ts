import type { Language } from "../../../db/schema";
import { payloadTooLarge } from "../../lib/errors";
import { detectLanguage, segmentCjk, TS_CONFIG } from "../../lib/language";
import { htmlToPlainText, MAX_BODY_BYTES, renderMarkdown } from "../../lib/markdown/render.server";

/** A post body ready to store: rendered once here, never on read. */
export interface PreparedBody {
  md: string;
  html: string;
  plainText: string;
  language: Language;
  searchConfig: string;
  searchText: string;
}

/**
 * Size check (413), then Markdown → sanitized HTML off the request thread with a time limit
 * (hostile input is refused with 422), then what search needs: language and indexable text.
 */
export async function prepareBody(markdown: string, options: { authorId?: number } = {}): Promise<PreparedBody> {
  if (Buffer.byteLength(markdown, "utf8") > MAX_BODY_BYTES) {
    throw payloadTooLarge(`The post is too long: keep it under ${MAX_BODY_BYTES / 1024} KB.`);
  }
  // Keyed by author: the render queue serves authors in turn, so one cannot crowd out the rest.
  const html = await renderMarkdown(markdown, { key: options.authorId ? `user:${options.authorId}` : undefined });
  const plainText = htmlToPlainText(html);
  const language = detectLanguage(plainText);
  return {
    md: markdown,
    html,
    plainText,
    language,
    searchConfig: TS_CONFIG[language],
    searchText: segmentCjk(plainText),
  };
}

/** A title is short: its language is read together with the opening post's text. */
export function prepareTitle(title: string, openingText: string) {
  const language = detectLanguage(`${title}\n${openingText}`);
  return { language, searchConfig: TS_CONFIG[language], titleSearchText: segmentCjk(title) };
}
