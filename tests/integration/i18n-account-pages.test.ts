/**
 * The account pages (log in, register, profile, a member's public page) and the search page,
 * rendered in the pseudo-locale: every string on them comes from the catalogs. A Swedish reader
 * gets them in Swedish, and the profile's language setting goes through the same rules as the
 * header's switcher.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { pseudoMessage } from "../../app/i18n/pseudo";
import { ApiClient, type ApiResponse } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedOn, untranslatedStrings, type PseudoLocaleServer } from "../helpers/untranslated";

let server: PseudoLocaleServer;

/**
 * Community data on these pages that cannot carry the community mark: the hit words the search
 * snippet wraps in <mark> (cut from a post's own text) and a member's email address.
 */
const ALLOW = ["Export", "export", "alice@acme.example", "pat@example.com"];

/**
 * The header's "@handle" link (root.tsx, not these pages) renders the handle as a text node of
 * its own, so it reads as a bare word; it is the reader's handle, not an interface string.
 */
const outsideHeaderHandle = (found: string[]) => found.filter((line) => !/^ > html > body > header > div > nav > a: "[\w.-]+"$/.test(line));

async function untranslated(client: ApiClient, path: string) {
  const page = await untranslatedOn(client, path, ALLOW);
  return { status: page.status, untranslated: outsideHeaderHandle(page.untranslated) };
}

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  // A published knowledge-base article (from the answered question) that someone found helpful.
  await harvestThreads(server.app.db, [server.content.questionId]);
  const article = await server.app.db.selectFrom("kb_articles").select("id").where("source_thread_id", "=", server.content.questionId).executeTakeFirstOrThrow();
  const mia = await new ApiClient(server.baseUrl).login("mia");
  expect((await mia.post(`/api/v1/kb/articles/${article.id}/publish`, {})).status).toBe(200);
  await server.app.db
    .updateTable("kb_articles")
    .set({ helpful_count: 2 })
    .where("id", "=", article.id)
    .execute();
}, 120_000);
afterAll(() => server?.close());

/** A form post the way a browser without JavaScript sends it. */
async function submit(client: ApiClient, path: string, fields: Record<string, string>): Promise<ApiResponse<string>> {
  return client.request<string>("POST", path, new URLSearchParams(fields).toString(), {
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: server.baseUrl,
  });
}

describe("account and search pages in the pseudo-locale", () => {
  // "export nonsenseword" finds nothing exact, so search relaxes it and says so.
  it.each(["/login", "/register", "/u/alice", "/search?q=export", "/search?q=export+nonsenseword", "/search?q=zzzzqqq", "/search", `/search?q=${"x".repeat(300)}`])("a visitor's %s is all catalog text", async (path) => {
    const visitor = await pseudoReader(server);
    expect(await untranslated(visitor, path)).toEqual({ status: 200, untranslated: [] });
  });

  it.each(["/profile", "/search?q=export", "/u/alice"])("alice's %s is all catalog text", async (path) => {
    const alice = await pseudoReader(server, "alice");
    expect(await untranslated(alice, path)).toEqual({ status: 200, untranslated: [] });
  });

  it("a moderator's tools on a member's page are all catalog text", async () => {
    const mia = await pseudoReader(server, "mia");
    const page = await untranslated(mia, "/u/alice");
    expect(page).toEqual({ status: 200, untranslated: [] });
  });

  it("the search results and the empty state really are there", async () => {
    const visitor = await pseudoReader(server);
    const found = (await visitor.get("/search?q=export")).text;
    expect(found).toContain('data-testid="search-result" data-type="thread"');
    expect(found).toContain('data-testid="search-result" data-type="article"');
    expect(found).toContain(pseudoMessage("{{count}} found this helpful").replace("{{count}}", "2"));
    const [before, after] = pseudoMessage("No exact matches; these come close. {{count}} results").split("{{count}}");
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect((await visitor.get("/search?q=export+nonsenseword")).text).toMatch(new RegExp(`<p class="muted">${escape(before!)}\\d+${escape(after!)}</p>`));
    expect((await visitor.get("/search?q=zzzzqqq")).text).toContain('data-testid="search-empty"');
  });

  it("a wrong password: the page around the refusal is catalog text (the service's message is its own)", async () => {
    const visitor = await pseudoReader(server);
    const res = await submit(visitor, "/login", { handle: "alice", password: "not-the-password", next: "/" });
    expect(res.status).toBe(401);
    // The refusal itself comes from the accounts service, which has its own translation.
    expect(untranslatedStrings(res.text, [...ALLOW, "Wrong handle or password."])).toEqual([]);
    expect(res.text).toContain(`<h1>${pseudoMessage("Log in")}</h1>`);
  });

  it("the profile's own messages (password changed) come from the catalogs", async () => {
    const reader = await pseudoReader(server);
    const registered = await submit(reader, "/register", { handle: "pseudo-pat", email: "pat@example.com", password: "a-long-password" });
    expect(registered.status).toBe(302);
    const changed = await submit(reader, "/profile", { currentPassword: "a-long-password", newPassword: "another-long-password" });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain("notice-success");
    expect(changed.text).toContain(pseudoMessage("Password changed. Your other sessions were logged out."));
    expect(outsideHeaderHandle(untranslatedStrings(changed.text, ALLOW))).toEqual([]);
  });

  it("a moderator's action reports back from the catalogs", async () => {
    const mia = await pseudoReader(server, "mia");
    const warned = await submit(mia, "/u/carol", { intent: "warn", message: "Please keep it civil." });
    expect(warned.status).toBe(200);
    expect(warned.text).toContain(pseudoMessage("Warning sent."));
    expect(outsideHeaderHandle(untranslatedStrings(warned.text, ALLOW))).toEqual([]);
  });
});

describe("a Swedish reader", () => {
  const swede = () => new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } });

  it("logs in on a Swedish page", async () => {
    const page = (await swede().get("/login")).text;
    expect(page).toContain('<html lang="sv"');
    expect(page).toContain("<h1>Logga in</h1>");
    expect(page).toContain("<title>Logga in · Gleaner</title>");
  });

  it("searches in Swedish", async () => {
    const page = (await swede().get("/search?q=export")).text;
    expect(page).toContain('<html lang="sv"');
    expect(page).toContain("<h1>Sök</h1>");
    expect(page).toMatch(/\d+ träff(ar)?</);
  });
});

describe("the interface language on the profile", () => {
  it("offers the four languages, each named in itself", async () => {
    const alice = await pseudoReader(server, "alice");
    const page = (await alice.get("/profile")).text;
    for (const [value, name] of [["en", "English"], ["sv", "Svenska"], ["nb", "Norsk bokmål"], ["zh-Hans", "中文（简体）"]]) {
      expect(page).toMatch(new RegExp(`<option value="${value}" lang="${value}"( selected="")?>${name}</option>`));
    }
  });

  it("saves the member's choice through the switcher's rules, and the profile follows it", async () => {
    const carol = await new ApiClient(server.baseUrl).login("carol");
    const saved = await submit(carol, "/profile", { intent: "locale", locale: "nb" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/profile");
    expect(saved.headers.get("set-cookie") ?? "").toMatch(/nb/);
    const row = await server.app.db.selectFrom("users").select("locale").where("handle", "=", "carol").executeTakeFirstOrThrow();
    expect(row.locale).toBe("nb");
    // The account's setting wins over what this browser asks for.
    const page = (await carol.get("/profile", { "Accept-Language": "sv" })).text;
    expect(page).toContain('<html lang="nb"');
    expect(page).toContain("Språk i grensesnittet");
    expect(page).toMatch(/<option value="nb" lang="nb" selected="">/);
  });

  it("refuses a language we do not have, on the profile, and keeps the setting", async () => {
    const carol = await new ApiClient(server.baseUrl).login("carol");
    const refused = await submit(carol, "/profile", { intent: "locale", locale: "klingon" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("notice-error");
    const row = await server.app.db.selectFrom("users").select("locale").where("handle", "=", "carol").executeTakeFirstOrThrow();
    expect(row.locale).toBe("nb");
  });
});
