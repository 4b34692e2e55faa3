import { createRequire } from "node:module";
import type { Stemmer } from "snowball-stemmers";
import type { Language } from "../../../db/schema";
import { CJK_RANGE, cutChinese } from "./chinese";
import { lexicon } from "./lexicon";
import { baseForms, splitCompound } from "./nordic";

/**
 * Text → search terms, the same way for what is indexed and for what is searched.
 *
 * Every word of a text becomes one token at its own position, carrying its terms: the word
 * itself, for Swedish and Norwegian its base forms and the terms of its compound parts
 * ("kundkorgen": kundkorg, kund, korg), and a snowball stem for English and for words the
 * dictionaries lack. Chinese runs are cut into jieba
 * words; each character gets a position of its own, and a word sits at its first character's
 * position, so phrases of words and of characters both work (see search/query.ts). The index
 * is written as tsvector text (toTsvector), so PostgreSQL needs no dictionary of its own.
 */

export interface Token {
  /** Offsets in the text (UTF-16 units), for snippets. */
  start: number;
  end: number;
  position: number;
  /** The word, lower-cased. */
  word: string;
  /** Terms that stand for the whole word: any one of them matches it. */
  terms: string[];
  /** The terms of each compound part, when the word is a compound ([] otherwise). */
  parts: string[][];
  /** A jieba word or a character inside a longer Chinese word (not shown on its own). */
  inner?: boolean;
  chinese: boolean;
}

/** Longer "words" are identifiers, hashes or junk: indexed as they are, never analysed. */
const MAX_ANALYSED = 40;
const MAX_TERM = 100;

const TOKEN = new RegExp(`([${CJK_RANGE}]+)|((?:(?![${CJK_RANGE}])[\\p{L}\\p{M}\\p{N}])+)`, "gu");

type WordLanguage = "en" | "sv" | "no";

const require = createRequire(import.meta.url);
let loadedStemmers: Record<WordLanguage, Stemmer> | undefined;

/** Loaded on first use: the package holds every snowball language (about 10 MB), a cost the server need not pay before its first search. */
function stemmers(): Record<WordLanguage, Stemmer> {
  if (!loadedStemmers) {
    const { newStemmer } = require("snowball-stemmers") as typeof import("snowball-stemmers");
    loadedStemmers = { en: newStemmer("english"), sv: newStemmer("swedish"), no: newStemmer("norwegian") };
  }
  return loadedStemmers;
}

type Analysed = { terms: string[]; parts: string[][] };

/** Per language, the analysis of words seen lately: the same words come back all the time. */
const memo = new Map<string, Map<string, Analysed>>();
const MEMO_SIZE = 50_000;

function remember(language: string, word: string, compute: () => Analysed): Analysed {
  let cache = memo.get(language);
  if (!cache) memo.set(language, (cache = new Map()));
  let found = cache.get(word);
  if (!found) {
    found = compute();
    if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(word, found);
  }
  return found;
}

/**
 * The word and its base forms, or its stem. A word the dictionary knows is reduced by the
 * dictionary alone: snowball would also cut "ordern" (the order) to 'ord' (word). Base forms are
 * not stemmed again either: a rare word found by undoing a suffix ("expor" from "export") would
 * stem to something short and common; as it stands it only meets its own inflections. Words the
 * dictionary lacks (and English) get their snowball stem.
 */
function termsOf(word: string, language: WordLanguage): string[] {
  if (language === "en") return [...new Set([word, stemmers().en.stem(word)])];
  const known = lexicon(language).flags(word) !== 0;
  const terms = new Set(known ? [word] : [word, stemmers()[language].stem(word)]);
  for (const base of baseForms(word, language)) terms.add(base);
  return [...terms];
}

/** A word of letters and digits, analysed in one language. */
export function analyseWord(word: string, language: WordLanguage): Analysed {
  if (word.length > MAX_ANALYSED || !/\p{L}/u.test(word)) return { terms: [word.slice(0, MAX_TERM)], parts: [] };
  return remember(language, word, () => {
    const terms = termsOf(word, language);
    if (language === "en") return { terms, parts: [] };
    const parts = splitCompound(word, language);
    if (!parts) return { terms, parts: [] };
    // The compound's own base forms: its beginning (linking letters and all) with the base
    // forms of its last part ("leveranstiden" → "leveranstid").
    const last = parts.at(-1)!;
    const head = word.slice(0, word.length - last.length);
    for (const base of baseForms(last, language)) terms.push(head + base);
    return { terms: [...new Set(terms)], parts: parts.map((part) => termsOf(part, language)) };
  });
}

const WORD_LANGUAGES: WordLanguage[] = ["en", "sv", "no"];

/**
 * A query word, whose language is unknown: its analysis in every language, merged. A query in
 * one language thus still finds posts in another where the words match.
 */
export function analyseQueryWord(word: string): Analysed {
  const terms = new Set<string>();
  let parts: string[][] = [];
  for (const language of WORD_LANGUAGES) {
    const analysed = analyseWord(word, language);
    analysed.terms.forEach((t) => terms.add(t));
    if (parts.length === 0) parts = analysed.parts;
  }
  return { terms: [...terms], parts };
}

/** Lower-cased, composed: "Å" typed as A + ring matches "å". */
export function normalise(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/**
 * The tokens of a text in its language. `query` analyses words in every language (a query's
 * language is unknown) and leaves out what only the index needs (the characters and inner
 * words of Chinese words).
 */
export function tokenise(text: string, language: Language | "query"): Token[] {
  const tokens: Token[] = [];
  const source = text.normalize("NFC");
  let position = 1;
  for (const match of source.matchAll(TOKEN)) {
    const start = match.index!;
    if (match[1]) {
      // Offsets inside the run are in characters; all of ours are single UTF-16 units.
      for (const word of cutChinese(match[1])) {
        const length = word.text.length;
        const at = start + word.offset;
        const base = position + word.offset;
        tokens.push({ start: at, end: at + length, position: base, word: word.text, terms: [word.text], parts: [], chinese: true });
        if (language === "query") continue;
        for (const inner of word.inner) {
          const innerAt = start + inner.offset;
          tokens.push({ start: innerAt, end: innerAt + inner.text.length, position: position + inner.offset, word: inner.text, terms: [inner.text], parts: [], inner: true, chinese: true });
        }
        if (length > 1) {
          [...word.text].forEach((char, i) =>
            tokens.push({ start: at + i, end: at + i + 1, position: base + i, word: char, terms: [char], parts: [], inner: true, chinese: true }),
          );
        }
      }
      position += match[1].length;
      continue;
    }
    const word = normalise(match[2]!);
    // Latin words in a Chinese post are mostly English product terms.
    const analysed = language === "query" ? analyseQueryWord(word) : analyseWord(word, language === "zh" ? "en" : language);
    tokens.push({ start, end: start + match[0].length, position, word, terms: analysed.terms, parts: analysed.parts, chinese: false });
    position += 1;
  }
  return tokens;
}

/** PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_TERM = 256;

function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** The index of a text, as tsvector text: each term with the positions of the words it stands for. */
export function toTsvector(text: string, language: Language): string {
  const positions = new Map<string, Set<number>>();
  for (const token of tokenise(text, language)) {
    const position = Math.min(token.position, MAX_POSITION);
    for (const term of [...token.terms, ...token.parts.flat()]) {
      let set = positions.get(term);
      if (!set) positions.set(term, (set = new Set()));
      if (set.size < MAX_POSITIONS_PER_TERM) set.add(position);
    }
  }
  return [...positions].map(([term, at]) => `${quoteLexeme(term)}:${[...at].join(",")}`).join(" ");
}
