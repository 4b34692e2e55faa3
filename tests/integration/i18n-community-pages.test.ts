/**
 * The community pages (home, latest, a category, a thread, the composer, editing and edit
 * history) show only catalog messages and the community's own words: rendered in the
 * pseudo-locale, nothing else may be left on the page. And a Swedish reader gets Swedish.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
