/**
 * The knowledge base's pages on the real server, as browsers without JavaScript use them: who
 * sees what, "Was this helpful?" as a plain form post, views, the thread page's notice, the
 * new-question form's suggestions and deflections, curation by form, and hostile titles and
 * bodies on every page that shows them.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { isAppError } from "../../app/lib/errors";
import { toActor } from "../../app/services/auth.server";
import { editArticle } from "../../app/services/knowledge/curation.server";
import { settleDeflections } from "../../app/services/knowledge/deflection.server";
import { rateArticle } from "../../app/services/knowledge/feedback.server";
import { ApiClient } from "../helpers/http";
import { loadCorpus, pageProblems, scriptCount } from "../helpers/html-safety";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let howDoI: number;
const clients = new Map<string, ApiClient>();

const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" };
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

async function as(handle: string): Promise<ApiClient> {
  if (!clients.has(handle)) clients.set(handle, await new ApiClient(t.baseUrl).login(handle));
  return clients.get(handle)!;
}
const anonymous = () => new ApiClient(t.baseUrl);

interface Article {
  id: number;
  slug: string;
  title: string;
  threadId: number;
  answerId: number;
}

let serial = 0;
/** alice asks, bob answers, alice accepts; the harvest makes the draft (in-process: workers are off). */
async function draft(title = `How do I export invoices, case ${++serial}?`, answer = `Open **Billing → Export** and pick CSV (case ${serial}).`): Promise<Article> {
  const alice = await as("alice");
  const q = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body: `I need this done (case ${serial}).`, tags: ["export"] });
  expect(q.status, q.text).toBe(201);
  const a = await (await as("bob")).post(`/api/v1/threads/${q.body.thread.id}/posts`, { body: answer });
  expect(a.status, a.text).toBe(201);
  expect((await alice.post(`/api/v1/posts/${a.body.post.id}/accept`)).status).toBe(200);
  await harvestThreads(t.app.db, [q.body.thread.id]);
  const row = await t.app.db.selectFrom("kb_articles").select(["id", "slug", "title"]).where("source_thread_id", "=", q.body.thread.id).executeTakeFirstOrThrow();
  return { ...row, threadId: q.body.thread.id, answerId: a.body.post.id };
}

async function publish(article: Article): Promise<Article> {
  const res = await (await as("mia")).post(`/api/v1/kb/articles/${article.id}/publish`, {});
  expect(res.status, res.text).toBe(200);
  return article;
}

const counts = async (id: number) => t.app.db.selectFrom("kb_articles").select(["helpful_count", "unhelpful_count", "view_count"]).where("id", "=", id).executeTakeFirstOrThrow();
const helpfulShown = (html: string) => Number(/data-testid="helpful-count">(\d+)</.exec(html)?.[1]);

let published: Article;
let unpublished: Article;

beforeAll(async () => {
  t = await startTestServer();
  howDoI = (await (await as("alice")).get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
  published = await publish(await draft("How do I export invoices to CSV?", "Open **Billing → Export** and pick *CSV*."));
  unpublished = await draft("How do I merge two workspaces?", "Ask support to merge them; it keeps both histories.");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("reading the knowledge base", () => {
  it("lists published articles by category and tag, and shows each with its sources and credited author", async () => {
    const reader = anonymous();
    const index = await reader.get("/kb");
    expect(index.status).toBe(200);
    expect(index.text).toContain(`href="/kb/${published.slug}"`);
    expect(index.text).toContain("How do I export invoices to CSV?");
    expect(index.text).not.toContain("How do I merge two workspaces?");
    expect(index.text).toContain('href="/kb?tag=export"');
    for (const filter of ["?tag=export", "?category=how-do-i", "?q=invoices"]) {
      const filtered = await reader.get(`/kb${filter}`);
      expect(filtered.status, filter).toBe(200);
      expect(filtered.text, filter).toContain(`href="/kb/${published.slug}"`);
      expect(filtered.text, filter).not.toContain("How do I merge two workspaces?");
    }
    expect((await reader.get("/kb?tag=nothing-here")).text).toContain("No published articles match.");

    const page = await reader.get(`/kb/${published.slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<strong>Billing → Export</strong>");
    expect(page.text).toContain('href="/u/bob"');
    expect(page.text).toContain(`href="/t/${published.threadId}#post-${published.answerId}"`);
    expect(page.text).toContain("Was this helpful?");
    expect(page.text).not.toContain("Curate this article");
    // The header links the knowledge base for everyone, curation only for curators.
    expect(page.text).toContain('href="/kb"');
    expect(page.text).not.toContain('href="/kb/curate"');
    expect((await (await as("mia")).get(`/kb/${published.slug}`)).text).toContain(`href="/kb/curate/${published.id}"`);

    // An article asked for by id goes to its address.
    const byId = await reader.get(`/kb/${published.id}`);
    expect(byId.status).toBe(301);
    expect(byId.headers.get("location")).toBe(`/kb/${published.slug}`);
    for (const path of ["/kb/no-such-article", "/kb/%00", `/kb/${"x".repeat(300)}`, "/kb/99999999999"]) expect((await reader.get(path)).status, path).toBe(404);

    const api = await reader.get("/api/v1/kb");
    expect(api.status).toBe(200);
    expect(api.body.categories[0].articles.map((a: { id: number }) => a.id)).toContain(published.id);
  });

  it("keeps drafts from anonymous readers and members (404) and shows them to moderators and admins with their status", async () => {
    expect((await anonymous().get(`/kb/${unpublished.slug}`)).status).toBe(404);
    for (const handle of ["alice", "pete", "sam"]) expect((await (await as(handle)).get(`/kb/${unpublished.slug}`)).status, handle).toBe(404);
    for (const handle of ["mia", "ada"]) {
      const page = await (await as(handle)).get(`/kb/${unpublished.slug}`);
      expect(page.status, handle).toBe(200);
      expect(page.text).toMatch(/data-testid="article-status">Draft</);
      expect(page.text).toContain("only curators can see it");
    }
  });

  it("keeps the curation queue, the curation page and the insights to curators, and the harvest page to admins", async () => {
    const curatorPages = ["/kb/curate", `/kb/curate/${unpublished.id}`, "/kb/insights"];
    for (const path of [...curatorPages, "/admin/harvest"]) {
      const res = await anonymous().get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    for (const handle of ["alice", "pete", "sam"]) {
      for (const path of [...curatorPages, "/admin/harvest"]) expect((await (await as(handle)).get(path)).status, `${handle} ${path}`).toBe(403);
      expect((await (await as(handle)).get("/api/v1/kb/queue")).status).toBe(403);
      expect((await (await as(handle)).get("/api/v1/kb/insights")).status).toBe(403);
    }
    for (const handle of ["mia", "ada"]) {
      for (const path of curatorPages) expect((await (await as(handle)).get(path)).status, `${handle} ${path}`).toBe(200);
      const home = await (await as(handle)).get("/");
      expect(home.text).toContain('href="/kb/curate"');
    }
    expect((await (await as("mia")).get("/admin/harvest")).status).toBe(403);
    const harvest = await (await as("ada")).get("/admin/harvest");
    expect(harvest.status).toBe(200);
    expect(harvest.text).toContain("Start a harvest pass");
    expect(harvest.text).toContain('href="/admin/harvest"');
  });
});

describe("was this helpful?", () => {
  const vote = (client: ApiClient, article: Article, fields: Record<string, string>) =>
    client.post(`/kb/${article.slug}`, form({ articleId: article.id, ...fields }), FORM);

  it("takes a plain form post from anonymous readers and members, counts each reader once, and lets them change their mind", async () => {
    const article = await publish(await draft());
    const first = anonymous();
    const voted = await vote(first, article, { helpful: "yes" });
    expect(voted.status).toBe(303);
    expect(voted.headers.get("location")).toBe(`/kb/${article.slug}?feedback=yes#feedback`);
    expect(voted.headers.getSetCookie().join(";")).toMatch(/gleaner_visitor=[\w-]{16,}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
    const after = await first.get(`/kb/${article.slug}?feedback=yes`);
    expect(helpfulShown(after.text)).toBe(1);
    expect(after.text).toContain("your feedback was recorded");
    expect(after.text).toContain("You said yes.");

    await vote(first, article, { helpful: "yes" });
    expect(await counts(article.id)).toMatchObject({ helpful_count: 1, unhelpful_count: 0 });
    await vote(first, article, { helpful: "no", comment: "Missing the PDF case." });
    expect(await counts(article.id)).toMatchObject({ helpful_count: 0, unhelpful_count: 1 });
    await vote(first, article, { helpful: "yes" });
    await vote(anonymous(), article, { helpful: "yes" });
    const alice = await as("alice");
    await vote(alice, article, { helpful: "yes" });
    await vote(alice, article, { helpful: "yes" });
    expect(await counts(article.id)).toMatchObject({ helpful_count: 3, unhelpful_count: 0 });
    expect(helpfulShown((await anonymous().get(`/kb/${article.slug}`)).text)).toBe(3);

    const refused = await vote(alice, article, { helpful: "maybe" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("helpful must be true or false");
    // Drafts take no feedback.
    expect((await vote(anonymous(), unpublished, { helpful: "yes" })).status).toBeGreaterThanOrEqual(400);
    expect(await counts(unpublished.id)).toMatchObject({ helpful_count: 0, unhelpful_count: 0 });
  });

  it("counts a view when a person opens the page, not a bot, a script, the page shown after a vote or a curator's look at a draft", async () => {
    const before = (await counts(published.id)).view_count;
    const reader = anonymous();
    await reader.get(`/kb/${published.slug}`, BROWSER);
    expect((await counts(published.id)).view_count).toBe(before + 1);
    await reader.get(`/kb/${published.slug}`, { "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    await reader.get(`/kb/${published.slug}`);
    await reader.get(`/kb/${published.slug}?feedback=yes`, BROWSER);
    expect((await counts(published.id)).view_count).toBe(before + 1);
    await (await as("mia")).get(`/kb/${unpublished.slug}`, BROWSER);
    expect((await counts(unpublished.id)).view_count).toBe(0);
    const daily = await t.app.db.selectFrom("kb_daily").select("views").where("article_id", "=", published.id).executeTakeFirstOrThrow();
    expect(daily.views).toBeGreaterThanOrEqual(1);
  });
});

describe("the thread page", () => {
  it("says the answer is in the knowledge base once, and only while, its article is published", async () => {
    const article = await draft();
    const notice = "This answer is in the knowledge base";
    expect((await anonymous().get(`/t/${article.threadId}`)).text).not.toContain(notice);
    await publish(article);
    const page = (await anonymous().get(`/t/${article.threadId}`)).text;
    expect(page).toContain(notice);
    expect(page).toContain(`href="/kb/${article.slug}"`);
    expect((await (await as("mia")).post(`/api/v1/kb/articles/${article.id}/archive`, {})).status).toBe(200);
    expect((await anonymous().get(`/t/${article.threadId}`)).text).not.toContain(notice);
  });
});

describe("suggestions on the new-question form", () => {
  let rotate: Article;

  beforeAll(async () => {
    rotate = await publish(await draft("How do I rotate the API signing key?", "Press **Rotate key** under Settings → Security; the old key works for a grace period of 24 hours."));
    await draft("How do I rotate API signing keys automatically?", "There is no schedule yet; rotate by hand.");
  });

  it("offers published articles only, besides the similar threads", async () => {
    const res = await (await as("carol")).get(`/api/v1/search/similar?title=${encodeURIComponent("rotate the signing key")}`);
    expect(res.status).toBe(200);
    expect(res.body.articles).toEqual([{ type: "article", id: rotate.id, slug: rotate.slug, title: rotate.title, url: `/kb/${rotate.slug}`, helpful: 0 }]);
    expect(res.body.threads.length).toBeGreaterThan(0);
    for (const thread of res.body.threads) expect(thread).toMatchObject({ id: expect.any(Number), title: expect.any(String), url: expect.any(String), solved: expect.any(Boolean) });
    expect((await anonymous().get("/api/v1/search/similar?title=ro")).body).toEqual({ threads: [], articles: [] });
  });

  it("records an opened suggestion, marks it failed when the question is posted anyway, and shows the deflection rate", async () => {
    const carol = await as("carol");
    const composer = await carol.get("/new");
    const formKey = /name="idempotencyKey" value="([^"]+)"/.exec(composer.text)?.[1];
    expect(formKey).toBeTruthy();
    expect((await carol.post("/api/v1/kb/deflections", { formKey, articleId: rotate.id })).status).toBe(204);
    const opened = await t.app.db.selectFrom("kb_deflections").selectAll().where("form_key", "=", formKey!).executeTakeFirstOrThrow();
    expect(opened).toMatchObject({ article_id: rotate.id, settled_at: null, posted_thread_id: null });

    const posted = await carol.post("/new", form({ idempotencyKey: formKey!, categoryId: howDoI, kind: "question", title: "Rotating the signing key breaks webhooks", body: "After rotating, webhooks fail." }), FORM);
    expect(posted.status, posted.text.slice(0, 300)).toBe(302);
    const threadId = Number(/\/t\/(\d+)/.exec(posted.headers.get("location") ?? "")?.[1]);
    const failed = await t.app.db.selectFrom("kb_deflections").selectAll().where("form_key", "=", formKey!).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ posted_thread_id: threadId, settled_at: expect.any(Date) });

    // Another reader opens the article and does not ask: once settled, a deflection.
    expect((await anonymous().post("/api/v1/kb/deflections", { formKey: "another-form-key-1", articleId: rotate.id })).status).toBe(204);
    await sql`update kb_deflections set opened_at = now() - interval '1 hour' where form_key = 'another-form-key-1'`.execute(t.app.db);
    expect(await settleDeflections(t.app.db)).toBe(1);
    const bad = await anonymous().post("/api/v1/kb/deflections", { articleId: rotate.id });
    expect(bad.status).toBe(422);
    expect((await anonymous().post("/api/v1/kb/deflections", { formKey: "a-third-form-key", articleId: rotate.id, threadId: 1 })).status).toBe(422);

    const insights = await (await as("mia")).get("/api/v1/kb/insights");
    expect(insights.status).toBe(200);
    expect(insights.body.totals).toMatchObject({ opened: 2, deflected: 1, failed: 1, pending: 0, deflectionRate: 0.5 });
    expect(insights.body.articles.find((a: { id: number }) => a.id === rotate.id)).toMatchObject({ deflected: 1, failed: 1 });
    const page = await (await as("mia")).get("/kb/insights");
    expect(page.text).toMatch(/data-testid="insights-deflection-rate">50%</);
    expect((await (await as("mia")).get("/api/v1/kb/insights?days=3")).status).toBe(422);
  });
});

describe("curating by form", () => {
  const post = async (handle: string, path: string, fields: Record<string, string | number>) => (await as(handle)).post(path, form(fields), FORM);

  it("edits with the revision it started from, refuses a stale one with a clear message, and steps through the statuses", async () => {
    const article = await draft();
    const path = `/kb/curate/${article.id}`;
    const page = await (await as("mia")).get(path);
    expect(page.text).toContain("Submit for review");
    expect(page.text).toContain("Before publishing: existing articles on the same topic");
    expect(page.text).toMatch(/Revision 1<\/strong>.*the harvest/s);

    const saved = await post("mia", path, { intent: "edit", revision: 1, title: "Exporting invoices to CSV", body: "Use **Billing → Export**.", note: "shorter" });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("Saved as revision 2.");
    const stale = await post("ada", path, { intent: "edit", revision: 1, title: "Exporting invoices", body: "Something else." });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("Someone else changed this article meanwhile");
    expect(stale.text).toContain("Something else.");
    const untitled = await post("mia", path, { intent: "edit", revision: 2, title: "", body: "x" });
    expect(untitled.status).toBe(422);
    expect(untitled.text).toContain("title must be at least 3 characters");

    expect((await post("mia", path, { intent: "transition", op: "reject", reason: "" })).status).toBe(422);
    const submitted = await post("mia", path, { intent: "transition", op: "submit" });
    expect(submitted.text).toContain("Submitted for review.");
    expect((await post("mia", path, { intent: "transition", op: "submit" })).status).toBe(409);
    const rejected = await post("mia", path, { intent: "transition", op: "reject", reason: "Duplicate of the CSV article" });
    expect(rejected.status).toBe(200);
    expect((await (await as("mia")).get("/kb/curate")).text).toContain("Duplicate of the CSV article");
    expect((await post("alice", path, { intent: "transition", op: "reopen" })).status).toBe(403);
  });

  it("merges a draft into an existing article from the similar list, keeping its sources", async () => {
    const duplicate = await draft("How do I export invoices to CSV files?", "Billing → Export, then CSV.");
    const page = await (await as("mia")).get(`/kb/curate/${duplicate.id}`);
    expect(page.text).toContain(`name="intoArticleId" value="${published.id}"`);
    const merged = await post("mia", `/kb/curate/${duplicate.id}`, { intent: "merge", intoArticleId: published.id });
    expect(merged.status).toBe(303);
    expect(merged.headers.get("location")).toBe(`/kb/curate/${published.id}?merged=${duplicate.id}`);
    const target = await (await as("mia")).get(`/kb/curate/${published.id}?merged=${duplicate.id}`);
    expect(target.text).toContain(`href="/t/${duplicate.threadId}#post-${duplicate.answerId}"`);
    // Links to the merged article now lead to the one that took it in.
    const old = await anonymous().get(`/kb/${duplicate.slug}`);
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`/kb/${published.slug}`);
  });

  it("lists articles whose source changed with the reason and a readable diff, and stale ones by the configured age", async () => {
    const article = await publish(await draft());
    const edited = await (await as("bob")).patch(`/api/v1/posts/${article.answerId}`, { body: "Open **Billing → Export**, pick CSV, and tick *Include refunds*." });
    expect(edited.status, edited.text).toBe(200);
    await harvestThreads(t.app.db, [article.threadId]);
    const queue = await (await as("mia")).get("/kb/curate");
    const section = queue.text.slice(queue.text.indexOf('data-testid="kb-queue-needs_review"'), queue.text.indexOf('data-testid="kb-queue-in_review"'));
    expect(section).toContain(`href="/kb/curate/${article.id}"`);
    expect(section).toMatch(/<ins class="diff-added">\+.*Include refunds/);
    expect(section).toMatch(/<del class="diff-removed">-/);

    // Stale: published and not reviewed for more than staleAfterDays (a knowledge setting).
    await sql`update kb_articles set reviewed_at = now() - interval '10 days' where id = ${published.id}`.execute(t.app.db);
    const staleSection = async () => (await (await as("mia")).get("/kb/curate?section=stale")).text;
    expect(await staleSection()).not.toContain(`href="/kb/curate/${published.id}"`);
    const ada = await as("ada");
    const refused = await ada.post("/admin/settings", form({ intent: "knowledge", staleAfterDays: 0 }), FORM);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("staleAfterDays must be 1 to 3650 days");
    const saved = await ada.post("/admin/settings", form({ intent: "knowledge", staleAfterDays: 7 }), FORM);
    expect(saved.text).toContain("Knowledge-base settings saved.");
    expect((await ada.get("/api/v1/admin/settings/knowledge")).body.settings).toEqual({ staleAfterDays: 7 });
    expect(await staleSection()).toContain(`href="/kb/curate/${published.id}"`);
    const insights = await (await as("mia")).get("/api/v1/kb/insights");
    expect(insights.body).toMatchObject({ staleAfterDays: 7, staleCount: 1, stale: [{ id: published.id }] });
    // The moderation settings on the same page are untouched by the knowledge form.
    expect((await ada.get("/api/v1/admin/settings/moderation")).body.settings.flagsToHide).toBe(3);
    expect((await (await as("mia")).put("/api/v1/admin/settings/knowledge", { staleAfterDays: 30 })).status).toBe(403);
  });
});

/** An even spread over the corpus's sources, the same every run. */
function sampleVectors(n: number): string[] {
  const bySource = new Map<string, string[]>();
  for (const v of loadCorpus()) bySource.set(v.source, [...(bySource.get(v.source) ?? []), v.vector]);
  const lists = [...bySource.values()].map((vectors) => [...new Set(vectors)]);
  const per = Math.ceil(n / lists.length);
  const picked = lists.flatMap((vectors) => vectors.filter((_, i) => i % Math.max(1, Math.floor(vectors.length / per)) === 0).slice(0, per));
  return [...new Set(picked)].slice(0, n);
}

describe("the XSS corpus on the knowledge base's pages", () => {
  it("shows hostile article titles, bodies and comments on the article page, the index, the curation and insights pages, and the thread page without anything executable", { timeout: 600_000 }, async () => {
    // The checker is not blind: it flags what would run, and not what was escaped.
    expect(pageProblems('<p>x</p><img src=x onerror=alert(1)><a href="java&#9;script:alert(1)">y</a><iframe src="https://x">')).toHaveLength(3);
    expect(pageProblems('<p title="&lt;img onerror=x&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toEqual([]);
    const mia = toActor(await t.app.db.selectFrom("users").selectAll().where("handle", "=", "mia").executeTakeFirstOrThrow(), "session");
    const articles = await Promise.all(Array.from({ length: 6 }, async () => publish(await draft())));
    const curator = await as("mia");
    const pages = (a: Article) => [`/kb/${a.slug}`, "/kb", `/kb/curate/${a.id}`, "/kb/insights", `/t/${a.threadId}`];
    // The same pages with harmless text: what they are allowed to hold (their own scripts).
    const scripts: number[] = [];
    for (const path of pages(articles[0]!)) scripts.push(scriptCount((await curator.get(path)).text));

    const vectors = sampleVectors(300);
    expect(vectors.length).toBeGreaterThanOrEqual(250);
    const failures: string[] = [];
    let shown = 0;
    for (const [i, vector] of vectors.entries()) {
      const article = articles[i % articles.length]!;
      const title = [...vector.trim()].length >= 3 && [...vector.trim()].length <= 200 ? vector : `Vector ${i}`;
      try {
        await editArticle(t.app, mia, article.id, { title, body: vector.trim() ? vector : `Vector ${i}` });
      } catch (error) {
        if (isAppError(error) && [413, 422].includes(error.status)) continue;
        throw error;
      }
      await rateArticle(t.app.db, null, article.id, `visitor-for-vector-${i}`, { helpful: i % 2 === 0, comment: vector.slice(0, 1000) });
      for (const [p, path] of pages(article).entries()) {
        const res = await curator.get(path);
        if (res.status !== 200) {
          failures.push(`#${i} ${path}: ${res.status}`);
          continue;
        }
        for (const problem of pageProblems(res.text)) failures.push(`#${i} ${path}: ${problem}`);
        const expected = scripts[p];
        if (scriptCount(res.text) !== expected) failures.push(`#${i} ${path}: ${scriptCount(res.text)} script elements, ${expected} expected`);
      }
      shown++;
    }
    console.log(`XSS on knowledge pages: ${vectors.length} vectors, ${shown} shown on ${pages(articles[0]!).length} pages each`);
    expect(shown).toBeGreaterThanOrEqual(200);
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  });
});
