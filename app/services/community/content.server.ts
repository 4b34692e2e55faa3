import type { Language } from "../../../db/schema";
import { payloadTooLarge, msg } from "../../lib/errors";
import { detectLanguage, SEARCH_VERSION, searchLexemes, TS_CONFIG } from "../../lib/language";
import { htmlToPlainText, MAX_BODY_BYTES, renderMarkdown } from "../../lib/markdown/render.server";

/** A post body ready to store: rendered once here, never on read. */
export interface PreparedBody {
  md: string;
  html: string;
  plainText: string;
  language: Language;
  searchConfig: string;
  /** The plain text, shown in search snippets. */
  searchText: string;
  /** The index, as tsvector text. */
  searchLexemes: string;
}

/**
 * Size check (413), then Markdown → sanitized HTML off the request thread with a time limit
 * (hostile input is refused with 422), then what search needs: language and index. The
 * author's locale, when known, decides the language of texts too short to tell.
 */
export async function prepareBody(markdown: string, options: { authorId?: number; authorLocale?: Language } = {}): Promise<PreparedBody> {
  if (Buffer.byteLength(markdown, "utf8") > MAX_BODY_BYTES) {
    throw payloadTooLarge(msg("post.tooLong", { kb: MAX_BODY_BYTES / 1024 }));
  }
  // Keyed by author: the render queue serves authors in turn, so one cannot crowd out the rest.
  const html = await renderMarkdown(markdown, { key: options.authorId ? `user:${options.authorId}` : undefined });
  return { md: markdown, html, ...(await prepareSearchText(htmlToPlainText(html), options.authorLocale)) };
}

/** Language and index of a post's plain text (also what reindexing recomputes). */
export async function prepareSearchText(plainText: string, authorLocale?: Language) {
  const language = await detectLanguage(plainText, authorLocale);
  return {
    plainText,
    language,
    searchConfig: TS_CONFIG[language],
    searchText: plainText,
    searchLexemes: searchLexemes(plainText, language),
  };
}

export interface PreparedTitle {
  language: Language;
  searchConfig: string;
  titleSearchText: string;
  titleLexemes: string;
}

/** A title is short: its language is read together with the opening post's text. */
export async function prepareTitle(title: string, openingText: string, authorLocale?: Language): Promise<PreparedTitle> {
  const language = await detectLanguage(`${title}\n${openingText}`, authorLocale);
  return { language, searchConfig: TS_CONFIG[language], titleSearchText: title, titleLexemes: searchLexemes(title, language) };
}

/** A post's search columns, for an insert or update. */
export function bodySearchColumns(body: Omit<PreparedBody, "md" | "html">) {
  return {
    language: body.language,
    search_config: body.searchConfig,
    search_text: body.searchText,
    body_lexemes: body.searchLexemes,
    search_version: SEARCH_VERSION,
  };
}

/** A thread's search columns, for an insert or update. */
export function titleSearchColumns(title: PreparedTitle) {
  return {
    language: title.language,
    search_config: title.searchConfig,
    title_search_text: title.titleSearchText,
    title_lexemes: title.titleLexemes,
    search_version: SEARCH_VERSION,
  };
}
