import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../db/index";
import type { ServiceContext } from "../../app/services/context";
import { createReply } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import type { Actor } from "../../app/services/guardian";
import { searchThreads } from "../../app/services/search.server";

/** The relevance set in tests/fixtures/search-relevance (see its README) and how to score it. */

export const RELEVANCE_LANGUAGES = ["en", "sv", "no", "zh"] as const;
export type RelevanceLanguage = (typeof RELEVANCE_LANGUAGES)[number];

interface Document {
  title: string;
  body: string;
  replies?: string[];
}

export interface Pair {
  q: string;
  doc: string;
  relevant: boolean;
  why: string;
}

interface RelevanceFile {
  documents: Record<string, Document>;
  pairs: Pair[];
}

const DIR = path.resolve(import.meta.dirname, "../fixtures/search-relevance");

export function loadRelevanceSet(): Record<RelevanceLanguage, RelevanceFile> {
  return Object.fromEntries(
    RELEVANCE_LANGUAGES.map((language) => [language, JSON.parse(readFileSync(path.join(DIR, `${language}.json`), "utf8")) as RelevanceFile]),
  ) as Record<RelevanceLanguage, RelevanceFile>;
}

export interface PairOutcome extends Pair {
  language: RelevanceLanguage;
  found: boolean;
}

export interface LanguageFigures {
  positives: number;
  negatives: number;
  found: number;
  falseHits: number;
  recall: number;
  precision: number;
}

/**
 * Loads every document of every language as a thread (opening post, then replies), as the
 * given author in the given category, then runs each pair's query against them all.
 */
export async function runRelevanceSet(ctx: ServiceContext & { db: Db }, author: Actor, replier: Actor, categoryId: number): Promise<PairOutcome[]> {
  const set = loadRelevanceSet();
  const threadIds = new Map<string, number>();
  for (const language of RELEVANCE_LANGUAGES) {
    for (const [key, doc] of Object.entries(set[language].documents)) {
      const { thread } = await createThread(ctx, author, { categoryId, kind: "discussion", title: doc.title, body: doc.body });
      for (const body of doc.replies ?? []) await createReply(ctx, replier, thread.id, { body });
      threadIds.set(`${language}:${key}`, thread.id);
    }
  }
  const outcomes: PairOutcome[] = [];
  for (const language of RELEVANCE_LANGUAGES) {
    for (const pair of set[language].pairs) {
      const id = threadIds.get(`${language}:${pair.doc}`);
      if (id === undefined) throw new Error(`${language}: pair "${pair.q}" names no document "${pair.doc}"`);
      const { results } = await searchThreads(ctx.db, author, { q: pair.q, limit: 50 });
      outcomes.push({ ...pair, language, found: results.some((r) => r.id === id) });
    }
  }
  return outcomes;
}

export function figures(outcomes: PairOutcome[]): Record<RelevanceLanguage | "all", LanguageFigures> {
  const of = (list: PairOutcome[]): LanguageFigures => {
    const positives = list.filter((o) => o.relevant);
    const found = positives.filter((o) => o.found).length;
    const falseHits = list.filter((o) => !o.relevant && o.found).length;
    return {
      positives: positives.length,
      negatives: list.length - positives.length,
      found,
      falseHits,
      recall: positives.length ? found / positives.length : 1,
      precision: found + falseHits ? found / (found + falseHits) : 1,
    };
  };
  return {
    ...(Object.fromEntries(RELEVANCE_LANGUAGES.map((l) => [l, of(outcomes.filter((o) => o.language === l))])) as Record<RelevanceLanguage, LanguageFigures>),
    all: of(outcomes),
  };
}

/** The figures as a Markdown table, one row per language and one for all. */
export function figuresTable(outcomes: PairOutcome[]): string {
  const table = figures(outcomes);
  const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
  const rows = [...RELEVANCE_LANGUAGES, "all" as const].map((language) => {
    const f = table[language];
    return `| ${language} | ${f.positives} / ${f.negatives} | ${percent(f.recall)} (${f.found}/${f.positives}) | ${percent(f.precision)} (${f.falseHits} false hits) |`;
  });
  return ["| language | pairs (positive / negative) | recall | precision |", "|---|---|---|---|", ...rows].join("\n");
}

/** Each pair judged wrongly, one line each. */
export function mistakes(outcomes: PairOutcome[]): string[] {
  return outcomes.filter((o) => o.found !== o.relevant).map((o) => `${o.language} ${o.relevant ? "missed" : "false hit"}: "${o.q}" → ${o.doc} (${o.why})`);
}
