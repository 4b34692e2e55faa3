/**
 * The harvest on real PostgreSQL, through the community's own services: accepted answers become
 * drafts with full provenance, passes are idempotent and survive crashes, and the article follows
 * (or asks for review of) every change to its source.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../app/lib/logger.server";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { runHarvestPass, type PassStats } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { acceptAnswer, unacceptAnswer } from "../../app/services/community/answers.server";
import { createReply, editPost } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import { transitionArticle } from "../../app/services/knowledge/curation.server";
import { moderatePost } from "../../app/services/moderation/post-moderation.server";
import { switchThread } from "../../app/services/moderation/thread-moderation.server";
import { communityFixture, type CommunityFixture } from "../helpers/community";

let f: CommunityFixture;
let howDoI: number;
const logger = createLogger("error");

beforeAll(async () => {
  f = await communityFixture();
  howDoI = await f.categoryId("how-do-i");
});
afterAll(() => f?.close());

let serial = 0;
/** A question by alice with an answer by bob (and one by carol), bob's accepted. */
async function solvedQuestion(options: { accept?: boolean } = {}) {
  const n = ++serial;
  const alice = await f.as("alice");
  const { thread } = await createThread(f.ctx, alice, { categoryId: howDoI, kind: "question", title: `How do I export invoices, case ${n}?`, body: `I need the invoices as CSV (case ${n}).`, tags: ["export"] });
  const bobs = await createReply(f.ctx, await f.as("bob"), thread.id, { body: `Open **Billing → Export** and pick CSV (case ${n}).` });
  const carols = await createReply(f.ctx, await f.as("carol"), thread.id, { body: `Or use the API's /invoices endpoint (case ${n}).` });
  if (options.accept !== false) await acceptAnswer(f.ctx, alice, bobs.post.id);
  return { threadId: thread.id, answerId: bobs.post.id, otherId: carols.post.id, n };
}

/** A pass as `npm run harvest` runs it: recorded, then run in this process. */
async function pass(scope: "full" | "incremental" = "full", options: Parameters<typeof runHarvestPass>[2] = {}): Promise<PassStats> {
  return runHarvestPass({ ...f.ctx, logger }, await recordCliRun(f.database.db, scope), options);
}

async function articleOf(threadId: number) {
  return f.database.db
    .selectFrom("kb_article_sources as s")
    .innerJoin("kb_articles as a", "a.id", "s.article_id")
    .selectAll("a")
    .select(["s.question_post_id", "s.answer_post_id", "s.question_revision", "s.answer_revision", "s.answer_author_id"])
    .where("s.thread_id", "=", threadId)
    .executeTakeFirst();
}

const count = async (table: "kb_articles" | "kb_revisions" | "kb_article_sources") =>
  (await f.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

describe("promotion", () => {
  it("turns an accepted answer into one draft with full provenance, enqueued in the accept's transaction", async () => {
    const { threadId, answerId } = await solvedQuestion();
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'harvest-thread' and data->>'threadId' = ${String(threadId)}`.execute(f.database.db);
    expect(jobs.rows[0]!.n).toBe(1);

    const stats = await pass();
    expect(stats.created).toBeGreaterThanOrEqual(1);
    const article = await articleOf(threadId);
    const question = await f.database.db.selectFrom("posts").select(["id", "revision", "body_md"]).where("thread_id", "=", threadId).where("number", "=", 1).executeTakeFirstOrThrow();
    const bob = await f.as("bob");
    expect(article).toMatchObject({
      status: "draft",
      title: expect.stringContaining("How do I export invoices"),
      category_id: howDoI,
      tags: ["export"],
      language: "en",
      source_thread_id: threadId,
      question_post_id: question.id,
      question_revision: question.revision,
      answer_post_id: answerId,
      answer_revision: 1,
      answer_author_id: bob.id,
      revision: 1,
      curated: false,
    });
    expect(article!.body_md).toContain(question.body_md);
    expect(article!.body_md).toContain("Open **Billing → Export** and pick CSV");
    expect(article!.body_html).toContain("<strong>Billing → Export</strong>");
    expect(article!.slug).toMatch(new RegExp(`^how-do-i-export-invoices-case-\\d+-${threadId}$`));
  });

  it("passes over the same data leave one article and change nothing", async () => {
    const { threadId } = await solvedQuestion();
    await pass();
    const first = await articleOf(threadId);
    const revisionsBefore = await count("kb_revisions");
    for (let i = 0; i < 2; i++) {
      const stats = await pass();
      expect(stats.created + stats.updated + stats.flagged + stats.archived).toBe(0);
    }
    expect(await articleOf(threadId)).toEqual(first);
    expect(await count("kb_revisions")).toBe(revisionsBefore);
    const perThread = await sql<{ n: number }>`select count(*)::int as n from kb_article_sources where thread_id = ${threadId}`.execute(f.database.db);
    expect(perThread.rows[0]!.n).toBe(1);
  });

  it("makes no article of a question without an accepted answer", async () => {
    const { threadId } = await solvedQuestion({ accept: false });
    await pass();
    expect(await articleOf(threadId)).toBeUndefined();
  });
});

describe("crashes", () => {
  beforeEach(async () => {
    // Everything up to date first, so each test sees only its own threads' work.
    await pass();
  });

  it.each(["locked", "loaded", "created", "updated"] as const)("a crash at %s, then a rerun, gives the right final state", async (step) => {
    const threads = await Promise.all([solvedQuestion(), solvedQuestion(), solvedQuestion()]);
    const articlesBefore = await count("kb_articles");
    await expect(pass("full", { faults: (at) => { if (at === step) throw new Error(`crash at ${at}`); } })).rejects.toThrow(`crash at ${step}`);
    // The batch rolled back whole: nothing half-made.
    expect(await count("kb_articles")).toBe(articlesBefore);
    const failed = await f.database.db.selectFrom("harvest_runs").select(["status", "error"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining(step) });

    await pass();
    expect(await count("kb_articles")).toBe(articlesBefore + 3);
    for (const t of threads) expect(await articleOf(t.threadId)).toMatchObject({ status: "draft", answer_post_id: t.answerId, revision: 1 });
  });

  it("a pass that dies between batches resumes without redoing or losing work", async () => {
    const threads = await Promise.all(Array.from({ length: 5 }, () => solvedQuestion()));
    let batches = 0;
    const run = { id: await recordCliRun(f.database.db, "full") };
    await expect(
      runHarvestPass({ ...f.ctx, logger }, run.id, {
        batchSize: 2,
        faults: (at) => {
          if (at === "created" && ++batches === 2) throw new Error("killed mid-pass");
        },
      }),
    ).rejects.toThrow("killed mid-pass");
    // The first batch committed; the job's retry resumes the same run.
    const created = (await Promise.all(threads.map((t) => articleOf(t.threadId)))).filter(Boolean).length;
    expect(created).toBe(2);
    const stats = await runHarvestPass({ ...f.ctx, logger }, run.id, { batchSize: 2 });
    expect(stats.created).toBe(5);
    for (const t of threads) expect(await articleOf(t.threadId)).toMatchObject({ revision: 1 });
    expect(await f.database.db.selectFrom("harvest_runs").select("status").where("id", "=", run.id).executeTakeFirstOrThrow()).toEqual({ status: "done" });
  });
});

describe("consistency with the source", () => {
  async function published(threadId: number) {
    await harvestThreads(f.database.db, [threadId]);
    const article = await articleOf(threadId);
    await transitionArticle(f.ctx, await f.as("mia"), article!.id, "publish");
    return article!.id;
  }

  it("a draft follows a change of accepted answer: the same article, a new revision", async () => {
    const { threadId, otherId } = await solvedQuestion();
    await harvestThreads(f.database.db, [threadId]);
    const before = await articleOf(threadId);
    await acceptAnswer(f.ctx, await f.as("alice"), otherId);
    await harvestThreads(f.database.db, [threadId]);
    const after = await articleOf(threadId);
    expect(after!.id).toBe(before!.id);
    expect(after).toMatchObject({ status: "draft", answer_post_id: otherId, revision: 2 });
    expect(after!.body_md).toContain("Or use the API's /invoices endpoint");
  });

  it("a published article is never changed silently: a new accepted answer marks it for review with a diff", async () => {
    const { threadId, otherId } = await solvedQuestion();
    const id = await published(threadId);
    const text = (await articleOf(threadId))!.body_md;
    await acceptAnswer(f.ctx, await f.as("alice"), otherId);
    await harvestThreads(f.database.db, [threadId]);
    const after = await articleOf(threadId);
    expect(after).toMatchObject({ id, status: "needs_review", status_before_review: "published", body_md: text });
    expect(after!.review_reason).toContain("a different answer was accepted");
    expect(after!.source_diff).toContain("+Or use the API's /invoices endpoint");
    expect(after!.source_diff).toContain("-Open **Billing → Export** and pick CSV");
    // Publishing again is the curator's review: the article takes the source as it is now.
    await transitionArticle(f.ctx, await f.as("mia"), id, "publish");
    expect(await articleOf(threadId)).toMatchObject({ status: "published", review_reason: null, source_diff: null, answer_post_id: otherId });
    await harvestThreads(f.database.db, [threadId]);
    expect(await articleOf(threadId)).toMatchObject({ status: "published" });
  });

  it("un-accepting archives a draft, and marks a published article for review", async () => {
    const draft = await solvedQuestion();
    await harvestThreads(f.database.db, [draft.threadId]);
    await unacceptAnswer(f.ctx, await f.as("alice"), draft.answerId);
    await harvestThreads(f.database.db, [draft.threadId]);
    expect(await articleOf(draft.threadId)).toMatchObject({ status: "archived", review_reason: expect.stringContaining("the accepted answer was removed") });
    // Accepted again: the archived draft comes back rather than a second article.
    await acceptAnswer(f.ctx, await f.as("alice"), draft.answerId);
    await harvestThreads(f.database.db, [draft.threadId]);
    expect(await articleOf(draft.threadId)).toMatchObject({ status: "draft" });

    const live = await solvedQuestion();
    await published(live.threadId);
    await unacceptAnswer(f.ctx, await f.as("alice"), live.answerId);
    await harvestThreads(f.database.db, [live.threadId]);
    expect(await articleOf(live.threadId)).toMatchObject({ status: "needs_review", review_reason: expect.stringContaining("the accepted answer was removed") });
  });

  it("an edit of the answer refreshes a draft and flags a published article with the diff", async () => {
    const draft = await solvedQuestion();
    await harvestThreads(f.database.db, [draft.threadId]);
    await editPost(f.ctx, await f.as("bob"), draft.answerId, { body: `Open **Billing → Export**, pick CSV and press Download (case ${draft.n}).` });
    await harvestThreads(f.database.db, [draft.threadId]);
    expect(await articleOf(draft.threadId)).toMatchObject({ status: "draft", answer_revision: 2, revision: 2 });

    const live = await solvedQuestion();
    await published(live.threadId);
    await editPost(f.ctx, await f.as("bob"), live.answerId, { body: `Open **Billing → Export**, pick CSV and press Download (case ${live.n}).` });
    await harvestThreads(f.database.db, [live.threadId]);
    const after = await articleOf(live.threadId);
    expect(after).toMatchObject({ status: "needs_review", answer_revision: 1 });
    expect(after!.review_reason).toContain("the accepted answer was edited");
    expect(after!.source_diff).toContain("press Download");
  });

  it("hiding the thread or the answer marks a published article for review", async () => {
    const thread = await solvedQuestion();
    await published(thread.threadId);
    await switchThread(f.ctx, await f.as("mia"), thread.threadId, "hide", { reason: "spam" });
    await harvestThreads(f.database.db, [thread.threadId]);
    expect(await articleOf(thread.threadId)).toMatchObject({ status: "needs_review", review_reason: expect.stringContaining("the thread was hidden") });

    const answer = await solvedQuestion();
    await published(answer.threadId);
    await moderatePost(f.ctx, await f.as("mia"), answer.answerId, "hide", { reason: "wrong" });
    await harvestThreads(f.database.db, [answer.threadId]);
    expect(await articleOf(answer.threadId)).toMatchObject({ status: "needs_review", review_reason: expect.stringContaining("the accepted answer was hidden") });
  });

  it("an incremental pass finds what changed since the watermark, and only that", async () => {
    // Everything so far happened "yesterday" (the pass re-reads a couple of minutes before its
    // watermark, to catch late commits, so today's threads would all count as recent).
    await sql`update threads set changed_at = now() - interval '1 day'`.execute(f.database.db);
    await pass();
    const { threadId, answerId } = await solvedQuestion();
    const stats = await pass("incremental");
    expect(stats).toMatchObject({ scanned: 1, created: 1 });
    expect(await articleOf(threadId)).toMatchObject({ answer_post_id: answerId });
    expect(await pass("incremental")).toMatchObject({ scanned: 1, created: 0, skipped: 1 });
  });
});

describe("detector threads", () => {
  it("a pass that detects on threads stores exactly the signals an inline pass stores", async () => {
    const db = f.database.db;
    const alice = await f.as("alice");
    await createThread(f.ctx, alice, { categoryId: howDoI, kind: "question", title: "Exporting to Excel, and pricing", body: "It would be great if the export supported XLSX. How much would 40 seats cost?" });
    await createThread(f.ctx, alice, { categoryId: howDoI, kind: "question", title: "Exportera till Excel", body: "Det vore toppen om ni kunde lägga till export till Excel. Vad kostar det för 40 licenser?" });
    const signals = () => db.selectFrom("post_signals").select(["post_id", "kind", "score", "quote", "language"]).orderBy("post_id").orderBy("kind").execute();
    const forget = async () => {
      await db.deleteFrom("idea_evidence").execute();
      await db.deleteFrom("post_signals").execute();
      await db.deleteFrom("post_signal_scans").execute();
    };
    await forget();
    await pass("full", { detectorPoolThreshold: 0 });
    const threaded = await signals();
    await forget();
    await pass("full");
    expect(await signals()).toEqual(threaded);
    expect(threaded.map((s) => s.kind)).toEqual(expect.arrayContaining(["feature_request", "buying_intent"]));
  });
});
