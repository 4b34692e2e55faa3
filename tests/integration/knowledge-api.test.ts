/**
 * The knowledge base through its API: who may read what, the curation life cycle and its audit
 * trail, edits as revisions, merges that keep every source, similar articles, feedback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { problems } from "../helpers/html-safety";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let alice: ApiClient, bob: ApiClient, mia: ApiClient, ada: ApiClient, carol: ApiClient, pete: ApiClient, anonymous: ApiClient;
let howDoI: number;

beforeAll(async () => {
  t = await startTestServer();
  [alice, bob, mia, ada, carol, pete] = await Promise.all(["alice", "bob", "mia", "ada", "carol", "pete"].map((h) => new ApiClient(t.baseUrl).login(h)));
  anonymous = new ApiClient(t.baseUrl);
  howDoI = (await alice.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
});
afterAll(() => t?.close());

let n = 0;
/** A harvested draft from a solved question; returns the article's id. */
async function draft(title = `How do I rotate the API key, take ${++n}?`, answer = `Go to Settings → Keys and press Rotate (take ${n}).`): Promise<{ id: number; threadId: number; answerId: number }> {
  const q = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body: `Our security team wants the key rotated (take ${n}).` });
  const a = await bob.post(`/api/v1/threads/${q.body.thread.id}/posts`, { body: answer });
  await alice.post(`/api/v1/posts/${a.body.post.id}/accept`);
  const [outcome] = await harvestThreads(t.app.db, [q.body.thread.id]);
  return { id: outcome!.articleId!, threadId: q.body.thread.id, answerId: a.body.post.id };
}

describe("reading", () => {
  it("shows drafts to curators only, and published articles to everyone, with sources and the credited author", async () => {
    const { id, threadId, answerId } = await draft();
    for (const client of [anonymous, alice, carol, pete]) expect((await client.get(`/api/v1/kb/articles/${id}`)).status).toBe(404);
    expect((await mia.get(`/api/v1/kb/articles/${id}`)).body.article).toMatchObject({ id, status: "draft" });
    expect((await anonymous.get("/api/v1/kb/articles")).body.articles.map((a: { id: number }) => a.id)).not.toContain(id);
    expect((await anonymous.get("/api/v1/kb/articles?status=draft")).status).toBe(401);
    expect((await alice.get("/api/v1/kb/articles?status=draft")).status).toBe(403);
    expect((await mia.get("/api/v1/kb/articles?status=draft")).body.articles.map((a: { id: number }) => a.id)).toContain(id);

    expect((await mia.post(`/api/v1/kb/articles/${id}/publish`)).status).toBe(200);
    const read = await anonymous.get(`/api/v1/kb/articles/${id}`);
    expect(read.body.article).toMatchObject({ id, status: "published", sourceThreadId: threadId, html: expect.stringContaining("Settings → Keys"), sources: [{ threadId, postId: answerId, author: { handle: "bob" } }] });
    // By slug too, and in the public list and a text search.
    expect((await anonymous.get(`/api/v1/kb/articles/${read.body.article.slug}`)).body.article.id).toBe(id);
    expect((await anonymous.get("/api/v1/kb/articles?q=rotate")).body.articles.map((a: { id: number }) => a.id)).toContain(id);
  });

  it("answers bad input with a 4xx, never a 500", async () => {
    for (const path of ["/api/v1/kb/articles/99999999999", "/api/v1/kb/articles/%00", "/api/v1/kb/articles/" + "x".repeat(300)]) expect((await anonymous.get(path)).status).toBe(404);
    expect((await mia.get("/api/v1/kb/articles?status=bogus")).status).toBe(422);
    expect((await mia.get("/api/v1/kb/articles?limit=0")).status).toBe(422);
    expect((await mia.post("/api/v1/kb/articles/1/frobnicate")).status).toBe(404);
    expect((await mia.post("/api/v1/kb/articles/abc/publish")).status).toBe(422);
  });
});

describe("curation", () => {
  it("moves through its states, refuses steps that make no sense, and logs each decision", async () => {
    const { id } = await draft();
    expect((await mia.post(`/api/v1/kb/articles/${id}/submit`)).body.article.status).toBe("in_review");
    expect((await mia.post(`/api/v1/kb/articles/${id}/submit`)).status).toBe(409);
    expect((await mia.post(`/api/v1/kb/articles/${id}/reject`, {})).status).toBe(422);
    const rejected = await mia.post(`/api/v1/kb/articles/${id}/reject`, { reason: "Too specific to one customer" });
    expect(rejected.body.article).toMatchObject({ status: "rejected", rejectedReason: "Too specific to one customer" });
    expect((await mia.post(`/api/v1/kb/articles/${id}/publish`)).status).toBe(409);
    expect((await mia.post(`/api/v1/kb/articles/${id}/reopen`)).body.article.status).toBe("draft");
    expect((await ada.post(`/api/v1/kb/articles/${id}/publish`)).body.article.status).toBe("published");
    expect((await ada.post(`/api/v1/kb/articles/${id}/archive`)).body.article.status).toBe("archived");
    const audit = await mia.get(`/api/v1/mod/audit?targetType=article&targetId=${id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action).reverse()).toEqual(["kb.submit", "kb.reject", "kb.reopen", "kb.publish", "kb.archive"]);
  });

  it("is for moderators and admins only", async () => {
    const { id } = await draft();
    for (const [client, status] of [[anonymous, 401], [alice, 403], [pete, 403], [carol, 403]] as const) {
      expect((await client.post(`/api/v1/kb/articles/${id}/publish`)).status).toBe(status);
      expect((await client.patch(`/api/v1/kb/articles/${id}`, { title: "Taken over", body: "x" })).status).toBe(status);
      expect((await client.get(`/api/v1/kb/articles/${id}/similar`)).status).toBe(status);
    }
  });

  it("keeps every edit as a revision, refuses an edit based on an old revision, and tells the answer's author on publication", async () => {
    const { id } = await draft();
    const edited = await mia.patch(`/api/v1/kb/articles/${id}`, { title: "Rotating the API key", body: "## Steps\n\n1. Open **Settings → Keys**\n2. Press *Rotate*", note: "tidied", revision: 1 });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.article).toMatchObject({ title: "Rotating the API key", revision: 2, curated: true, html: expect.stringContaining("<strong>Settings → Keys</strong>") });
    const stale = await ada.patch(`/api/v1/kb/articles/${id}`, { title: "Another title", body: "text", revision: 1 });
    expect(stale.status).toBe(409);
    const revisions = (await mia.get(`/api/v1/kb/articles/${id}/revisions`)).body.revisions;
    expect(revisions.map((r: { revision: number; editor: string }) => [r.revision, r.editor])).toEqual([[2, "mia"], [1, "harvest"]]);
    // Hostile Markdown goes through the same pipeline as posts.
    const hostile = await mia.patch(`/api/v1/kb/articles/${id}`, { title: "<img src=x onerror=alert(1)>", body: "<script>alert(1)</script>[x](javascript:alert(1))" });
    expect(hostile.status).toBe(200);
    expect(problems(hostile.body.article.html)).toEqual([]);

    const before = (await bob.get("/api/v1/notifications")).body.unread as number;
    await mia.post(`/api/v1/kb/articles/${id}/publish`);
    const notes = (await bob.get("/api/v1/notifications")).body;
    expect(notes.unread).toBe(before + 1);
    expect(notes.notifications[0]).toMatchObject({ kind: "kb_published", url: expect.stringMatching(/^\/kb\//) });
    // Published again after an edit: no second notice.
    await mia.patch(`/api/v1/kb/articles/${id}`, { title: "Rotating the API key", body: "Updated." });
    await mia.post(`/api/v1/kb/articles/${id}/archive`);
    await mia.post(`/api/v1/kb/articles/${id}/publish`);
    expect((await bob.get("/api/v1/notifications")).body.unread).toBe(before + 1);
  });

  it("shows similar articles before publishing and merges a draft into one, which keeps both sources", async () => {
    const original = await draft("How do I reset my password?", "Use the **Forgot password** link on the login page; the mail arrives within a minute.");
    await mia.post(`/api/v1/kb/articles/${original.id}/publish`);
    const copy = await draft("How can I reset my password", "Use the **Forgot password** link on the login page; the mail arrives within a minute.");
    const similar = (await mia.get(`/api/v1/kb/articles/${copy.id}/similar`)).body.similar;
    expect(similar[0]).toMatchObject({ id: original.id, nearDuplicate: true, titleSimilarity: expect.any(Number) });
    expect(similar[0].bodyOverlap).toBeGreaterThan(0.5);

    const merged = await mia.post(`/api/v1/kb/articles/${copy.id}/merge`, { intoArticleId: original.id });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.article.sources.map((s: { threadId: number }) => s.threadId).sort()).toEqual([original.threadId, copy.threadId].sort());
    expect((await mia.get(`/api/v1/kb/articles/${copy.id}`)).body.article).toMatchObject({ status: "archived", mergedIntoId: original.id });
    // The copy's thread now feeds the original: harvesting it again adds nothing new.
    await harvestThreads(t.app.db, [copy.threadId]);
    const count = await t.app.db.selectFrom("kb_articles").select((eb) => eb.fn.countAll<number>().as("n")).where("title", "like", "%reset my password%").executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
    expect((await mia.post(`/api/v1/kb/articles/${original.id}/merge`, { intoArticleId: original.id })).status).toBe(422);
  });
});

describe("feedback", () => {
  it("counts one vote per reader (changeable), anonymous readers by a cookie, and only on published articles", async () => {
    const { id } = await draft();
    expect((await anonymous.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: true })).status).toBe(403);
    await mia.post(`/api/v1/kb/articles/${id}/publish`);
    const reader = new ApiClient(t.baseUrl);
    expect((await reader.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: true })).body).toMatchObject({ helpful: 1, unhelpful: 0 });
    expect((await reader.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: true })).body).toMatchObject({ helpful: 1, unhelpful: 0 });
    expect((await reader.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: false, comment: "Step 2 is missing" })).body).toMatchObject({ helpful: 0, unhelpful: 1 });
    expect((await alice.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: true })).body).toMatchObject({ helpful: 1, unhelpful: 1 });
    expect((await alice.post(`/api/v1/kb/articles/${id}/feedback`, { helpful: "maybe" })).status).toBe(422);
    const stored = await t.app.db.selectFrom("kb_feedback").select(["voter_key", "comment"]).where("article_id", "=", id).orderBy("id").execute();
    expect(stored).toHaveLength(2);
    expect(stored[0]!.voter_key).toMatch(/^visitor:/);
    expect(stored[0]!.comment).toBe("Step 2 is missing");
  });
});
