/**
 * The knowledge base's pages in the pseudo-locale: every interface string on them comes from
 * the catalogs (readers' article pages, the curation queue and article, the insights), with
 * data and without. And a Swedish reader gets the knowledge base in Swedish.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { ApiClient } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedOn, untranslatedStrings, USER_MARK, type PseudoLocaleServer } from "../helpers/untranslated";

let server: PseudoLocaleServer;
let published: { id: number; slug: string };
let draft: { id: number; slug: string };
let another: { id: number; slug: string };
/**
 * Tag slugs and handles are the community's words but cannot carry the mark ("#billing" is
 * rendered as "#" and "billing"; the header names the account by its handle).
 */
let allow: string[];

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" };

async function articleOf(threadId: number) {
  await harvestThreads(server.app.db, [threadId]);
  return server.app.db.selectFrom("kb_articles").select(["id", "slug"]).where("source_thread_id", "=", threadId).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  const mia = await new ApiClient(server.baseUrl).login("mia");
  // The demo question with its accepted answer becomes an article, published.
  published = await articleOf(server.content.questionId);
  expect((await mia.post(`/api/v1/kb/articles/${published.id}/publish`, {})).status).toBe(200);

  // Two more answered questions, written with the mark, stay drafts.
  const alice = await new ApiClient(server.baseUrl).login("alice");
  const bob = await new ApiClient(server.baseUrl).login("bob");
  const categories = (await alice.get("/api/v1/categories")).body.categories as { slug: string; id: number }[];
  const answered = async (title: string) => {
    const q = await alice.post("/api/v1/threads", { categoryId: categories.find((c) => c.slug === "how-do-i")!.id, kind: "question", title: `${USER_MARK} ${title}`, body: `${USER_MARK} Our policy asks for this every 90 days.`, tags: ["export"] });
    expect(q.status, q.text).toBe(201);
    const a = await bob.post(`/api/v1/threads/${q.body.thread.id}/posts`, { body: `${USER_MARK} Press the button under Settings.` });
    expect(a.status, a.text).toBe(201);
    expect((await alice.post(`/api/v1/posts/${a.body.post.id}/accept`)).status).toBe(200);
    return articleOf(q.body.thread.id);
  };
  draft = await answered("How do I rotate the signing key?");
  another = await answered("How do I rename a workspace?");
  // The harvest writes the article bodies (headings in the thread's language): community content.
  await sql`update kb_articles set body_html = ${`<p>${USER_MARK} article</p>`}`.execute(server.app.db);
  await sql`update kb_revisions set title = ${`${USER_MARK} `} || title, body_html = ${`<p>${USER_MARK} revision</p>`}`.execute(server.app.db);

  // A reader's vote with a comment, and a view, for the insights.
  const reader = new ApiClient(server.baseUrl, { headers: BROWSER });
  await reader.get(`/kb/${published.slug}`);
  const voted = await reader.post(`/kb/${published.slug}`, new URLSearchParams({ articleId: String(published.id), helpful: "no", comment: `${USER_MARK} Missing the PDF case.` }).toString(), FORM);
  expect(voted.status, voted.text.slice(0, 300)).toBe(303);

  const tags = (await server.app.db.selectFrom("tags").select("slug").execute()).map((t) => t.slug);
  allow = [...tags, ...tags.map((tag) => `#${tag}`), "alice", "mia", "ada"];
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("the knowledge base in the pseudo-locale", () => {
  it("shows readers the index, filtered and empty lists and an article with nothing outside the catalogs", async () => {
    const anonymous = await pseudoReader(server);
    const member = await pseudoReader(server, "alice");
    for (const path of ["/kb", "/kb?tag=export", "/kb?q=invoices", "/kb?tag=nothing-here", `/kb/${published.slug}`]) {
      expect(await untranslatedOn(anonymous, path, allow), path).toEqual({ status: 200, untranslated: [] });
    }
    // A member who can vote sees the feedback form; after a vote, the thanks and what they said.
    expect(await untranslatedOn(member, `/kb/${published.slug}`, allow)).toEqual({ status: 200, untranslated: [] });
    await member.post(`/kb/${published.slug}`, new URLSearchParams({ articleId: String(published.id), helpful: "yes" }).toString(), FORM);
    expect(await untranslatedOn(member, `/kb/${published.slug}?feedback=yes`, allow)).toEqual({ status: 200, untranslated: [] });
  });

  it("shows curators the queue, a draft, a published article and the insights with nothing outside the catalogs", async () => {
    for (const handle of ["mia", "ada"]) {
      const curator = await pseudoReader(server, handle);
      for (const path of ["/kb", `/kb/${published.slug}`, `/kb/${draft.slug}`, "/kb/curate", "/kb/curate?section=stale", `/kb/curate/${draft.id}`, `/kb/curate/${published.id}`, "/kb/insights", "/kb/insights?days=7"]) {
        expect(await untranslatedOn(curator, path, allow), `${handle} ${path}`).toEqual({ status: 200, untranslated: [] });
      }
    }
  });

  it("answers curators' form posts (edit, submit, reject) with nothing outside the catalogs", async () => {
    const mia = await pseudoReader(server, "mia");
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await mia.post(path, new URLSearchParams(fields).toString(), FORM);
      expect(res.status, `${path} ${res.text.slice(0, 300)}`).toBe(200);
      return untranslatedStrings(res.text, allow);
    };
    expect(await post(`/kb/curate/${draft.id}`, { intent: "edit", revision: "1", title: `${USER_MARK} Rotate the signing key`, body: `${USER_MARK} Press Rotate key.`, note: `${USER_MARK} tidied` })).toEqual([]);
    expect(await post(`/kb/curate/${another.id}`, { intent: "transition", op: "submit", reason: "" })).toEqual([]);
    expect(await untranslatedOn(mia, `/kb/${another.slug}`, allow)).toEqual({ status: 200, untranslated: [] });
    expect(await post(`/kb/curate/${another.id}`, { intent: "transition", op: "reject", reason: `${USER_MARK} a duplicate` })).toEqual([]);
    for (const path of [`/kb/curate/${draft.id}`, `/kb/curate/${another.id}`, "/kb/curate", "/kb/curate?section=rejected", `/kb/${another.slug}`]) {
      expect(await untranslatedOn(mia, path, allow), path).toEqual({ status: 200, untranslated: [] });
    }
  });

  it("answers a Swedish reader in Swedish", async () => {
    const swede = new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } });
    const page = await swede.get("/kb");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html[^>]* lang="sv"/);
    expect(page.text).toContain("<h1>Kunskapsbas</h1>");
    expect(page.text).toContain("Sök i kunskapsbasen…");
    expect(page.text).toContain("<title>Kunskapsbas · Gleaner</title>");
  });
});
