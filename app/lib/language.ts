import type { Language } from "../../db/schema";

/**
 * Customers write in English, Swedish, Norwegian and Chinese. Each post is indexed with the
 * matching PostgreSQL text-search configuration (so Swedish "lösenordet" finds "lösenord"), and
 * Chinese, which has no spaces between words, is indexed one character per token: a query word
 * becomes a phrase of its characters, which finds two-character words and longer ones alike.
 */

export const TS_CONFIG: Record<Language, string> = {
  en: "english",
  sv: "swedish",
  no: "norwegian",
  zh: "simple",
};

const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const CJK_CHAR = new RegExp(`[${CJK}]`, "g");
const CJK_RUN = new RegExp(`[${CJK}]+`, "g");

// Frequent function words: enough to tell the three apart on a sentence or two.
const STOPWORDS: Record<"en" | "sv" | "no", Set<string>> = {
  en: new Set("the and to is of in it that for with how what when or not can we i my do does on this be are have you your there would should".split(" ")),
  sv: new Set("och att det som är på för med har inte jag kan vi till av om den så men hur vad när eller ett från också mycket efter nu skulle måste bara vill får mitt min vår där här ska".split(" ")),
  no: new Set("og å det som er på for med har ikke jeg kan vi til av om den så men hvordan hva når eller et fra også mye etter nå skal må bare vil får mitt min vår der her eg ikkje kva korleis".split(" ")),
};

/** The language a text is most likely written in, of the four we support (English by default). */
export function detectLanguage(text: string): Language {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return "en";
  const cjk = text.match(CJK_CHAR)?.length ?? 0;
  if (cjk / letters > 0.2) return "zh";

  const score = { en: 0, sv: 0, no: 0 };
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    for (const lang of ["en", "sv", "no"] as const) if (STOPWORDS[lang].has(word)) score[lang] += 1;
  }
  // Letters only one of the Scandinavian languages uses are strong evidence.
  score.sv += 2 * (text.match(/[äöÄÖ]/g)?.length ?? 0);
  score.no += 2 * (text.match(/[æøÆØ]/g)?.length ?? 0);
  const best = (Object.entries(score) as [Language, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : "en";
}

/** Puts a space around every CJK character so the 'simple' parser sees one token per character. */
export function segmentCjk(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${[...run].join(" ")} `).replace(/[ \t]{2,}/g, " ").trim();
}

/**
 * A `websearch_to_tsquery` input with every Chinese run turned into a quoted phrase of its
 * characters ("数据库" → "\"数 据 库\""), so it matches those characters in that order.
 */
export function prepareSearchQuery(query: string): string {
  return query
    .split('"')
    .map((part, index) => {
      if (index % 2 === 1) return `"${segmentCjk(part)}"`; // already a phrase
      return part.replace(CJK_RUN, (run) => ` "${[...run].join(" ")}" `);
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** Removes the spaces segmentCjk put between Chinese characters (for snippets shown to people). */
export function unsegmentCjk(text: string): string {
  const between = new RegExp(`([${CJK}](?:\\u0002)?) (?=(?:\\u0001)?[${CJK}])`, "g");
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(between, "$1");
  } while (current !== previous);
  return current;
}
