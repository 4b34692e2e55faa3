/**
 * The community pages (home, latest, a category, a thread, the composer, editing and edit
 * history) show only catalog messages and the community's own words: rendered in the
 * pseudo-locale, nothing else may be left on the page. And a Swedish reader gets Swedish.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { pseudoReader, startPseudoLocaleServer, untranslatedOn, USER_MARK, type PseudoLocaleServer } from "../helpers/untranslated";
import { ApiClient } from "../helpers/http";

let server: PseudoLocaleServer;
/**
 * Tag slugs are the community's words too, but carry no mark; so are the handles the header's
 * account link shows bare (the header is not one of these pages).
 */
let allow: string[];

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  // The edit history shows each version's own title and rendered body: community words as well.
  await server.app.db
    .updateTable("post_revisions")
    .set({ body_html: sql<string>`'<p>${sql.raw(USER_MARK)} revision ' || id || '</p>'`, title: sql<string>`case when title is null then null else '${sql.raw(USER_MARK)} ' || title end` })
    .execute();
  allow = [...server.content.tags.flatMap((tag) => [tag, `#${tag}`]), "alice", "mia"];
}, 120_000);
afterAll(() => server?.close());

describe("community pages in the pseudo-locale", () => {
  it("a visitor sees nothing untranslated on the home, latest, category and thread pages", async () => {
    const visitor = await pseudoReader(server);
    const { questionId, ideaId } = server.content;
    for (const path of ["/", "/latest", "/c/how-do-i", "/latest?sort=top&solved=true&tag=billing", `/t/${questionId}`, `/t/${ideaId}`]) {
      expect({ path, ...(await untranslatedOn(visitor, path, allow)) }).toEqual({ path, status: 200, untranslated: [] });
    }
  });

  it("an empty list says so in the page's language", async () => {
    const visitor = await pseudoReader(server);
    for (const path of ["/c/how-do-i?tag=no-such-tag", "/latest?solved=true&kind=discussion"]) {
      expect({ path, ...(await untranslatedOn(visitor, path, allow)) }).toEqual({ path, status: 200, untranslated: [] });
    }
  });

  it("a member sees nothing untranslated on the pages they write on", async () => {
    const alice = await pseudoReader(server, "alice");
    const { questionId, questionPostId, ideaId } = server.content;
    for (const path of ["/", `/t/${questionId}`, `/t/${ideaId}`, "/new", `/posts/${questionPostId}/edit`, `/posts/${questionPostId}/revisions`]) {
      expect({ path, ...(await untranslatedOn(alice, path, allow)) }).toEqual({ path, status: 200, untranslated: [] });
    }
  });

  it("a moderator's tools on the thread page are translated too", async () => {
    const mia = await pseudoReader(server, "mia");
    const { questionId, ideaId } = server.content;
    for (const path of [`/t/${questionId}`, `/t/${ideaId}`]) {
      expect({ path, ...(await untranslatedOn(mia, path, allow)) }).toEqual({ path, status: 200, untranslated: [] });
    }
  });

  it("a locked thread says why nobody can reply, translated", async () => {
    const mia = await new ApiClient(server.baseUrl).login("mia");
    const alice = await new ApiClient(server.baseUrl).login("alice");
    const created = await alice.post("/api/v1/threads", { categoryId: (await alice.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id, kind: "question", title: "Ⓤ Locked question", body: "Ⓤ body" });
    expect(created.status).toBe(201);
    const id = created.body.thread.id as number;
    const locked = await mia.post(`/api/v1/mod/threads/${id}/lock`, { reason: "Ⓤ done" });
    expect(locked.status).toBeLessThan(300);
    for (const handle of [undefined, "alice", "mia"]) {
      const reader = await pseudoReader(server, handle);
      expect({ handle, ...(await untranslatedOn(reader, `/t/${id}`, allow)) }).toEqual({ handle, status: 200, untranslated: [] });
    }
  });
});

describe("the thread page's rarer states in the pseudo-locale", () => {
  it("a thread awaiting approval, a duplicate, a pinned thread, hidden and pending posts, the knowledge-base notice", async () => {
    const alice = await new ApiClient(server.baseUrl).login("alice");
    const mia = await new ApiClient(server.baseUrl).login("mia");
    const categories = (await alice.get("/api/v1/categories")).body.categories as { slug: string; id: number }[];
    const howDoI = categories.find((c) => c.slug === "how-do-i")!.id;
    const ok = (res: { status: number; text: string }) => expect(res.status, res.text).toBeLessThan(300);

    // A brand-new member's first thread waits for a moderator.
    const newbie = new ApiClient(server.baseUrl);
    ok(await newbie.post("/api/v1/users", { handle: "newbie1", email: "newbie1@example.com", password: "a-long-password" }));
    const pending = await newbie.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Ⓤ Pending question", body: "Ⓤ body" });
    ok(pending);
    expect(pending.body.post.status).toBe("pending");

    // A duplicate of the question, closed as such; the question pinned; the accepted answer hidden
    // and back; a reply hidden for good.
    const dup = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Ⓤ Same question again", body: "Ⓤ body" });
    ok(dup);
    ok(await mia.post(`/api/v1/mod/threads/${dup.body.thread.id}/duplicate`, { ofThreadId: server.content.questionId }));
    ok(await mia.post(`/api/v1/mod/threads/${server.content.questionId}/pin`, {}));
    const extra = await (await new ApiClient(server.baseUrl).login("bob")).post(`/api/v1/threads/${server.content.questionId}/posts`, { body: "Ⓤ another reply" });
    ok(extra);
    ok(await mia.post(`/api/v1/mod/posts/${extra.body.post.id}/hide`, { reason: "Ⓤ off" }));

    // The accepted answer becomes a published knowledge-base article.
    await harvestThreads(server.app.db, [server.content.questionId]);
    const article = await server.app.db.selectFrom("kb_articles").select("id").where("source_thread_id", "=", server.content.questionId).executeTakeFirstOrThrow();
    await server.app.db.updateTable("kb_articles").set({ title: sql<string>`'${sql.raw(USER_MARK)} ' || title` }).where("id", "=", article.id).execute();
    ok(await mia.post(`/api/v1/kb/articles/${article.id}/publish`, {}));

    // Who reads which page, and a mark of the state the page is meant to show.
    const pages: [string | undefined, string, string][] = [
      ["newbie1", `/t/${pending.body.thread.id}`, 'class="notice notice-warn" role="status"'],
      ["mia", `/t/${pending.body.thread.id}`, 'value="approve"'],
      [undefined, `/t/${dup.body.thread.id}`, `href="/t/${server.content.questionId}"`],
      [undefined, `/t/${server.content.questionId}`, 'data-testid="kb-notice"'],
      ["mia", `/t/${server.content.questionId}`, 'value="unhide"'],
      [undefined, "/latest", "badge-pinned"],
      ["mia", "/c/how-do-i", "badge-pinned"],
    ];
    for (const [handle, path, shows] of pages) {
      const reader = handle === "newbie1" ? await new ApiClient(server.baseUrl, { headers: { "Accept-Language": "en-XA" } }).login("newbie1", "a-long-password") : await pseudoReader(server, handle);
      expect({ handle, path, shows: (await reader.get(path)).text.includes(shows) }).toEqual({ handle, path, shows: true });
      expect({ handle, path, ...(await untranslatedOn(reader, path, [...allow, "newbie1"])) }).toEqual({ handle, path, status: 200, untranslated: [] });
    }
  });
});

describe("a Swedish reader", () => {
  const has = (html: string, text: string) => html.includes(text);

  it("gets the home page and a thread page in Swedish", async () => {
    const swede = new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } });
    const home = await swede.get("/");
    expect(home.status).toBe(200);
    expect(has(home.text, '<html lang="sv"')).toBe(true);
    expect(has(home.text, "<h1>Kunder som hjälper kunder</h1>")).toBe(true);
    expect(has(home.text, ">Senaste aktivitet</h2>")).toBe(true);
    const thread = await swede.get(`/t/${server.content.questionId}`);
    expect(thread.status).toBe(200);
    expect(has(thread.text, '<html lang="sv"')).toBe(true);
    expect(has(thread.text, "✓ Godkänt svar")).toBe(true);
    expect(has(thread.text, "</a> för att svara.")).toBe(true);
  });
});
