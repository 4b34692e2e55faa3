/**
 * The curators' queue: what waits for a decision (drafts, articles in review, published ones whose
 * source changed), what has gone stale (published and not reviewed for the configured number of
 * days), and what was rejected. A fixed handful of queries whatever the queue holds.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { parseInput, oneOf, says } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { selectArticles, toSummary, type ArticleSummary } from "./articles.server";
import { getKnowledgeSettings } from "./settings.server";

export const QUEUE_SECTIONS = ["needs_review", "in_review", "draft", "stale", "rejected"] as const;
export type QueueSection = (typeof QUEUE_SECTIONS)[number];

export interface QueuedArticle extends ArticleSummary {
  reviewReason: string | null;
  sourceDiff: string | null;
  rejectedReason: string | null;
  sourceThreadTitle: string | null;
}

export interface CurationQueue {
  staleAfterDays: number;
  /** How many articles each section holds in all (a section shows at most `limit`). */
  counts: Record<QueueSection, number>;
  sections: { section: QueueSection; articles: QueuedArticle[]; next: number | null }[];
}

const PER_SECTION = 50;

const queueSchema = z.object({
  section: z.preprocess((v) => (v === "" ? undefined : v), z.enum(QUEUE_SECTIONS, oneOf("section", QUEUE_SECTIONS)).optional()),
  offset: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number({ invalid_type_error: says.number("offset") }).int().min(0).max(100_000, says.outOfRange("offset")).default(0)),
});

/** Every section, or one section paged by `offset` when `section` is given. */
export async function curationQueue(db: Db, actor: Actor | null, input: unknown = {}): Promise<CurationQueue> {
  ensure(actor, "kb.curate");
  const { section: only, offset } = parseInput(queueSchema, input);
  const { staleAfterDays } = await getKnowledgeSettings(db);
  const staleBefore = sql<Date>`now() - make_interval(days => ${staleAfterDays})`;
  const lastReviewed = sql`coalesce(a.reviewed_at, a.published_at, a.created_at)`;

  const base = () =>
    selectArticles(db)
      .leftJoin("threads as t", "t.id", "a.source_thread_id")
      .select(["a.review_reason", "a.source_diff", "a.rejected_reason", "t.title as source_thread_title"]);
  const query = (section: QueueSection) => {
    const q = base();
    switch (section) {
      case "stale":
        return q.where("a.status", "=", "published").where(lastReviewed, "<", staleBefore).orderBy(lastReviewed, "asc");
      // What has waited longest for a decision comes first; drafts and rejections newest first.
      case "needs_review":
      case "in_review":
        return q.where("a.status", "=", section).orderBy("a.updated_at", "asc");
      case "draft":
      case "rejected":
        return q.where("a.status", "=", section).orderBy("a.updated_at", "desc");
    }
  };
  const wanted = only ? [only] : [...QUEUE_SECTIONS];
  const [counted, ...lists] = await Promise.all([
    sql<{ section: QueueSection; n: number }>`
      select status as section, count(*)::int as n from kb_articles
      where status in ('draft', 'in_review', 'needs_review', 'rejected') group by status
      union all
      select 'stale', count(*)::int from kb_articles a where status = 'published' and ${lastReviewed} < ${staleBefore}`.execute(db),
    ...wanted.map((section) => query(section).orderBy("a.id").limit(PER_SECTION + 1).offset(only ? offset : 0).execute()),
  ]);
  const counts = Object.fromEntries(QUEUE_SECTIONS.map((s) => [s, 0])) as Record<QueueSection, number>;
  for (const row of counted.rows) counts[row.section] = row.n;
  return {
    staleAfterDays,
    counts,
    sections: wanted.map((section, i) => {
      const rows = lists[i]!;
      const start = only ? offset : 0;
      return {
        section,
        next: rows.length > PER_SECTION ? start + PER_SECTION : null,
        articles: rows.slice(0, PER_SECTION).map((r) => ({
          ...toSummary(r),
          reviewReason: r.review_reason,
          sourceDiff: r.source_diff,
          rejectedReason: r.rejected_reason,
          sourceThreadTitle: r.source_thread_title,
        })),
      };
    }),
  };
}
