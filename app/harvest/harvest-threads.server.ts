/**
 * Harvests a batch of threads into the knowledge base: for each, what `decide` says, all in one
 * transaction. Both the passes and the per-thread jobs come through here.
 *
 * Why it cannot duplicate or lose work:
 * - each thread is locked (a transaction-scoped advisory lock, taken in id order so two batches
 *   never deadlock) before it is read, so two workers on two nodes never work on the same thread
 *   at once: the second waits, then finds the first one's result and has nothing to do;
 * - the article is found through its source row (a thread feeds at most one article: unique),
 *   and everything written is keyed by it, so running a batch again changes nothing;
 * - the batch commits or rolls back as a whole: a crash at any point leaves either the old state
 *   or the new one, and the next pass picks up what is still to do.
 */
import { sql } from "kysely";
import type { Db } from "../../db/index";
import type { HarvestSourcesView } from "../../db/schema";
import { articleSearchFields } from "../services/knowledge/search-fields";
import { articleSlug, composeArticle } from "./compose";
import { decide, type ExistingArticle, type HarvestDecision } from "./decide";
import { sourceDiff, sourceText } from "./source-diff";

/** The first key of the harvest's advisory locks; the second is the thread's id. */
const HARVEST_LOCK_SPACE = 0x48_56; // "HV"

export type HarvestAction = HarvestDecision["action"];

export interface HarvestOutcome {
  threadId: number;
  action: HarvestAction;
  articleId: number | null;
}

/** Test hook: called between the steps of a batch, inside its transaction. A throw is a crash there. */
export type FaultInjector = (step: "locked" | "loaded" | "created" | "updated") => void;

type ExistingRow = ExistingArticle & { threadId: number; questionMd: string; answerMd: string };

async function loadExisting(tx: Db, threadIds: number[]): Promise<Map<number, ExistingRow>> {
  const rows = await tx
    .selectFrom("kb_article_sources as s")
    .innerJoin("kb_articles as a", "a.id", "s.article_id")
    .select([
      "s.thread_id",
      "s.signature",
      "s.title",
      "s.category_id",
      "s.answer_post_id",
      "s.question_revision",
      "s.answer_revision",
      "s.question_md",
      "s.answer_md",
      "a.id",
      "a.status",
      "a.curated",
      sql<number>`(select count(*)::int from kb_article_sources o where o.article_id = a.id)`.as("source_count"),
    ])
    .where("s.thread_id", "in", threadIds)
    .forUpdate("a")
    .execute();
  return new Map(
    rows.map((r) => [
      r.thread_id,
      {
        threadId: r.thread_id,
        id: r.id,
        status: r.status,
        curated: r.curated,
        sourceCount: r.source_count,
        questionMd: r.question_md,
        answerMd: r.answer_md,
        source: { signature: r.signature, title: r.title, categoryId: r.category_id, answerPostId: r.answer_post_id, questionRevision: r.question_revision, answerRevision: r.answer_revision },
      },
    ]),
  );
}

/** The source columns an article remembers, as of `now`. */
function snapshotOf(now: HarvestSourcesView) {
  return {
    signature: now.signature,
    title: now.title,
    category_id: now.category_id,
    question_post_id: now.question_post_id,
    answer_post_id: now.accepted_post_id,
    question_revision: now.question_revision,
    answer_revision: now.answer_revision,
    answer_author_id: now.answer_author_id,
    question_md: now.question_md ?? "",
    answer_md: now.answer_md ?? "",
    synced_at: sql<Date>`now()`,
  };
}

async function createArticles(tx: Db, sources: HarvestSourcesView[]): Promise<Map<number, number>> {
  if (sources.length === 0) return new Map();
  const tagRows = await tx
    .selectFrom("thread_tags")
    .innerJoin("tags", "tags.id", "thread_tags.tag_id")
    .select(["thread_tags.thread_id", "tags.slug"])
    .where("thread_tags.thread_id", "in", sources.map((s) => s.thread_id))
    .orderBy("tags.slug")
    .execute();
  const tagsOf = new Map<number, string[]>();
  for (const t of tagRows) tagsOf.set(t.thread_id, [...(tagsOf.get(t.thread_id) ?? []), t.slug]);
  const composed = sources.map((s) => ({ source: s, article: composeArticle(s) }));
  const inserted = await tx
    .insertInto("kb_articles")
    .values(
      composed.map(({ source, article }) => ({
        slug: articleSlug(article.title, source.thread_id),
        title: article.title,
        body_md: article.bodyMd,
        body_html: article.bodyHtml,
        source_thread_id: source.thread_id,
        category_id: source.category_id,
        tags: tagsOf.get(source.thread_id) ?? [],
        ...articleSearchFields(article.title, article.bodyHtml, source.language),
      })),
    )
    .returning(["id", "source_thread_id"])
    .execute();
  const idOf = new Map(inserted.map((r) => [r.source_thread_id!, r.id]));
  await tx
    .insertInto("kb_article_sources")
    .values(sources.map((s) => ({ article_id: idOf.get(s.thread_id)!, thread_id: s.thread_id, ...snapshotOf(s) })))
    .execute();
  await tx
    .insertInto("kb_revisions")
    .values(
      composed.map(({ source, article }) => ({
        article_id: idOf.get(source.thread_id)!,
        revision: 1,
        title: article.title,
        body_md: article.bodyMd,
        body_html: article.bodyHtml,
        note: `Harvested from thread #${source.thread_id}`,
      })),
    )
    .execute();
  return idOf;
}

async function refreshArticle(tx: Db, now: HarvestSourcesView, existing: ExistingRow, reopen: boolean): Promise<void> {
  const article = composeArticle(now);
  const updated = await tx
    .updateTable("kb_articles")
    .set({
      title: article.title,
      body_md: article.bodyMd,
      body_html: article.bodyHtml,
      category_id: now.category_id,
      ...articleSearchFields(article.title, article.bodyHtml, now.language),
      revision: sql`revision + 1`,
      ...(reopen && { status: "draft" as const, review_reason: null }),
      updated_at: sql`now()`,
    })
    .where("id", "=", existing.id)
    .returning("revision")
    .executeTakeFirstOrThrow();
  await tx.updateTable("kb_article_sources").set(snapshotOf(now)).where("thread_id", "=", now.thread_id).execute();
  await tx
    .insertInto("kb_revisions")
    .values({ article_id: existing.id, revision: updated.revision, title: article.title, body_md: article.bodyMd, body_html: article.bodyHtml, note: `Follows thread #${now.thread_id}` })
    .execute();
}

async function flagArticle(tx: Db, now: HarvestSourcesView, existing: ExistingRow, reasons: string[]): Promise<void> {
  // The diff runs from what the article last took to the source now: repeated changes before a
  // review add up in one diff instead of replacing each other.
  const diff = sourceDiff(sourceText(existing.questionMd, existing.answerMd), sourceText(now.question_md, now.answer_md));
  await tx
    .updateTable("kb_articles")
    .set({
      status: "needs_review",
      status_before_review: sql`case when status = 'needs_review' then status_before_review else status end`,
      review_reason: reasons.join("; "),
      source_diff: diff || null,
      updated_at: sql`now()`,
    })
    .where("id", "=", existing.id)
    .execute();
  await tx.updateTable("kb_article_sources").set({ signature: now.signature }).where("thread_id", "=", now.thread_id).execute();
}

async function archiveArticle(tx: Db, now: HarvestSourcesView, existing: ExistingRow, reasons: string[]): Promise<void> {
  await tx.updateTable("kb_articles").set({ status: "archived", review_reason: reasons.join("; "), updated_at: sql`now()` }).where("id", "=", existing.id).execute();
  await tx.updateTable("kb_article_sources").set({ signature: now.signature }).where("thread_id", "=", now.thread_id).execute();
}

/** Harvests these threads in one transaction; returns what happened to each. */
export async function harvestThreads(db: Db, threadIds: number[], options: { faults?: FaultInjector } = {}): Promise<HarvestOutcome[]> {
  const ids = [...new Set(threadIds)].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  const fault = options.faults ?? (() => {});
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${HARVEST_LOCK_SPACE}, id) from unnest(${ids}::int[]) as t (id) order by id`.execute(tx);
    fault("locked");
    const sources = await tx.selectFrom("harvest_sources").selectAll().where("thread_id", "in", ids).execute();
    const existing = await loadExisting(tx, ids);
    fault("loaded");
    const decided = sources.map((now) => ({ now, existing: existing.get(now.thread_id) ?? null, decision: decide(now, existing.get(now.thread_id) ?? null) }));

    const created = await createArticles(tx, decided.filter((d) => d.decision.action === "create").map((d) => d.now));
    fault("created");
    for (const { now, existing: current, decision } of decided) {
      if (!current) continue;
      if (decision.action === "refresh") await refreshArticle(tx, now, current, decision.reopen);
      else if (decision.action === "flag") await flagArticle(tx, now, current, decision.reasons);
      else if (decision.action === "archive") await archiveArticle(tx, now, current, decision.reasons);
      else if (decision.action === "sync") await tx.updateTable("kb_article_sources").set({ signature: now.signature }).where("thread_id", "=", now.thread_id).execute();
    }
    fault("updated");
    const outcomes = decided.map(({ now, existing: current, decision }) => ({
      threadId: now.thread_id,
      action: decision.action,
      articleId: created.get(now.thread_id) ?? current?.id ?? null,
    }));
    // A thread that no longer exists (deleted, or never was) has nothing to harvest.
    const found = new Set(sources.map((s) => s.thread_id));
    for (const id of ids) if (!found.has(id)) outcomes.push({ threadId: id, action: "skip", articleId: null });
    return outcomes;
  });
}
