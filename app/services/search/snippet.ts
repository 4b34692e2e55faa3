import type { Language } from "../../../db/schema";
import { tokenise, type Token } from "../../lib/text/analyze";
import type { Highlight } from "./query";

/**
 * Search snippets, made in the application from the stored plain text: the index holds terms
 * ("lösenord" for "lösenordet"), which ts_headline could not map back to the words a reader
 * sees. The text is analysed again as it was for the index, so a hit is marked wherever the
 * index matched: "lösenordet" for the query "lösenord", "kundkorgen" for "kund", and "备份"
 * but not "会议" inside "社会议题".
 */

const MAX_WORDS = 35;
const MAX_FRAGMENTS = 2;
/** Words shown before a fragment's first hit. */
const LEAD = 6;
const DELIMITER = " … ";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

function isHit(token: Token, highlight: Highlight): boolean {
  const terms = [...token.terms, ...token.parts.flat()];
  if (terms.some((t) => highlight.terms.has(t))) return true;
  return highlight.prefixes.some((p) => token.word.startsWith(p));
}

type Range = [number, number];

/** Hit ranges in the text, sorted and merged: touching ranges ("数据库" + "备份") become one. */
function hitRanges(text: string, tokens: Token[], highlight: Highlight): Range[] {
  const ranges: Range[] = tokens.filter((t) => isHit(t, highlight)).map((t) => [t.start, t.end]);
  for (const phrase of highlight.phrases) {
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) ranges.push([at, at + phrase.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** [first, last) indexes of shown words: up to two windows of MAX_WORDS, each opening shortly before a hit. */
function fragments(words: Token[], hits: Range[]): Range[] {
  if (words.length <= MAX_WORDS || hits.length === 0) return [[0, Math.min(words.length, MAX_WORDS)]];
  const result: Range[] = [];
  for (const [start] of hits) {
    const index = words.findIndex((w) => w.end > start);
    if (index < 0 || result.some(([a, b]) => index >= a && index < b)) continue;
    const end = Math.min(words.length, Math.max(0, index - LEAD) + MAX_WORDS);
    result.push([Math.max(0, end - MAX_WORDS), end]);
    if (result.length === MAX_FRAGMENTS) break;
  }
  return result;
}

/** One piece of the text, escaped, with <mark>s around the hits inside it. */
function render(text: string, from: number, to: number, hits: Range[]): string {
  let html = "";
  let at = from;
  for (const [start, end] of hits) {
    if (end <= from || start >= to) continue;
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    html += escapeHtml(text.slice(at, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
    at = e;
  }
  return (html + escapeHtml(text.slice(at, to))).replace(/\s+/g, " ").trim();
}

/**
 * HTML-escaped text whose only markup is <mark>…</mark> around the hits: the whole text when
 * short, else up to two fragments around the first hits (or the opening words when nothing
 * in the text matched, as when only the title did).
 */
export function buildSnippet(text: string, language: Language, highlight: Highlight): string {
  const source = text.normalize("NFC");
  const tokens = tokenise(source, language);
  const words = tokens.filter((t) => !t.inner);
  if (words.length === 0) return render(source, 0, Math.min(source.length, 200), []);
  const hits = hitRanges(source, tokens, highlight);
  const shown = fragments(words, hits);
  return shown
    .map(([first, last], i) => {
      // A lone fragment covering the text's start or end keeps what lies before or after it.
      const from = first === 0 && i === 0 ? 0 : words[first]!.start;
      const to = last === words.length && i === shown.length - 1 ? source.length : words[last - 1]!.end;
      return render(source, from, to, hits);
    })
    .join(DELIMITER);
}
