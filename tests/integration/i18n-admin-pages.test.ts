/**
 * The administration pages in the pseudo-locale: every string an admin sees comes from the
 * catalogs (with data on the pages and their empty states), a Swedish admin reads Swedish, and
 * the community's default language is an admin setting that visitors naming no language get.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHarvestPass } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { createLogger } from "../../app/lib/logger.server";
import { ApiClient, type ApiResponse } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedStrings, USER_MARK, type PseudoLocaleServer } from "../helpers/untranslated";

let server: PseudoLocaleServer;
let ada: ApiClient;
/** Members' handles and emails and categories' addresses: the community's own, and unable to carry USER_MARK. */
let people: string[];

const ADMIN_PAGES = [
  "/admin",
  "/admin/categories",
  "/admin/companies",
  "/admin/detectors",
  "/admin/harvest",
  "/admin/lead-scoring",
  "/admin/settings",
  "/admin/tokens",
  "/admin/users",
  "/admin/webhooks",
];

/** A form post the way a browser without JavaScript sends it. */
function submit(client: ApiClient, path: string, fields: Record<string, string | string[]>): Promise<ApiResponse<string>> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return client.request<string>("POST", path, body.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
}

/** "/admin" answers with a redirect to the users list; the page a browser lands on is what counts. */
async function untranslated(client: ApiClient, path: string) {
  let res = await client.get(path);
  if (res.status === 302 && res.headers.get("location")?.startsWith("/admin/")) res = await client.get(res.headers.get("location")!);
  return { status: res.status, untranslated: res.status === 200 ? untranslatedStrings(res.text, people) : [`${path} answered ${res.status}`] };
}

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  ada = await pseudoReader(server, "ada");
  people = (await server.app.db.selectFrom("users").select(["handle", "email"]).execute()).flatMap((u) => [u.handle, u.email]);
  // A category's address is made of its slug, the community's own word.
  people.push(...(await server.app.db.selectFrom("categories").select("slug").execute()).map((c) => `/c/${c.slug}`), "/c/integrations");
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("admin pages in the pseudo-locale", () => {
  it("shows nothing untranslated on the empty pages", async () => {
    for (const path of ADMIN_PAGES) {
      const { untranslated: found } = await untranslated(ada, path);
      expect(found, path).toEqual([]);
    }
  });

  it("shows nothing untranslated with data: passes, tokens, webhooks, deliveries, a suspended user", async () => {
    const db = server.app.db;
    // A pass that ran (done, with figures) and one waiting to run.
    await runHarvestPass({ db, events: server.app.events, logger: createLogger("error"), jobs: server.app.jobs }, await recordCliRun(db, "full"));
    expect((await submit(ada, "/admin/harvest", { scope: "incremental" })).status).toBe(200);
    const token = await submit(ada, "/admin/tokens", { intent: "create", handle: "sam", name: `${USER_MARK} CRM sync` });
    expect(token.status).toBe(200);
    expect(untranslatedStrings(token.text, people)).toEqual([]);
    const webhook = await submit(ada, "/admin/webhooks", { intent: "create", url: "https://crm.example.com/hooks/gleaner", events: ["lead.created", "lead.qualified"] });
    expect(webhook.status).toBe(200);
    expect(untranslatedStrings(webhook.text, people)).toEqual([]);
    const { id: webhookId } = await db.selectFrom("webhooks").select("id").executeTakeFirstOrThrow();
    await db.insertInto("webhook_deliveries").values([
      { webhook_id: webhookId, event: "lead.created", payload: JSON.stringify({}), status: "delivered", attempts: 1, last_status: 200, delivered_at: new Date() },
      { webhook_id: webhookId, event: "lead.qualified", payload: JSON.stringify({}), status: "failed", attempts: 5, last_status: 500, last_error: `${USER_MARK} connect ECONNREFUSED` },
      { webhook_id: webhookId, event: "lead.created", payload: JSON.stringify({}), status: "pending" },
    ] as never).execute();
    await submit(ada, "/admin/webhooks", { intent: "pause", id: String(webhookId) });
    await submit(ada, "/admin/users", { intent: "suspend", handle: "carol", until: "2099-01-01", reason: `${USER_MARK} Spam` });
    for (const path of ADMIN_PAGES) {
      const { untranslated: found } = await untranslated(ada, path);
      expect(found, path).toEqual([]);
    }
  });

  it("shows nothing untranslated in the forms' answers and errors", async () => {
    const answers = [
      await submit(ada, "/admin/detectors", { text: `${USER_MARK} Hur mycket kostar det för 25 användare? Vi behöver en offert.` }),
      await submit(ada, "/admin/detectors", { text: `${USER_MARK} The weather is nice today.` }),
      await submit(ada, "/admin/lead-scoring", { intent: "save", "plan.trial": "20" }),
      await submit(ada, "/admin/lead-scoring", { intent: "reset" }),
      await submit(ada, "/admin/settings", { intent: "knowledge", staleAfterDays: "200" }),
      await submit(ada, "/admin/settings", { intent: "moderation", minTrustToPostFreely: "0", flagsToHide: "3", linksToHold: "5", newUserThreadsPerDay: "3", newUserRepliesPerDay: "10", newUserLinksPerPost: "2" }),
      await submit(ada, "/admin/companies", { name: `${USER_MARK} Initech`, domain: "initech.example", plan: "trial" }),
      await submit(ada, "/admin/users", { intent: "update", handle: "bob", role: "member", trustLevel: "2", companyId: "" }),
      await submit(ada, "/admin/categories", { intent: "create", name: `${USER_MARK} Integrations`, slug: "integrations", kinds: ["question"], tagMode: "free" }),
    ];
    for (const res of answers) {
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      // The detectors quote the sentence they matched in: the admin's own words.
      expect(untranslatedStrings(res.text, [...people, "Hur mycket kostar det för 25 användare?", "Vi behöver en offert."])).toEqual([]);
    }
    const category = await server.app.db.selectFrom("categories").select("id").where("slug", "=", "integrations").executeTakeFirstOrThrow();
    for (const intent of ["update", "up", "down", "delete"]) {
      const res = await submit(ada, "/admin/categories", { intent, id: String(category.id), name: `${USER_MARK} Integrations`, slug: "integrations", kinds: ["question"], tagMode: "free" });
      expect(res.status, intent).toBe(200);
      expect(untranslatedStrings(res.text, people), intent).toEqual([]);
    }
    const refused = await submit(ada, "/admin/categories", { intent: "sideways", id: "1" });
    expect(refused.status).toBe(400);
    expect(untranslatedStrings(refused.text, people)).toEqual([]);
    const webhookRefused = await submit(ada, "/admin/webhooks", { intent: "sideways" });
    expect(webhookRefused.status).toBe(400);
    expect(untranslatedStrings(webhookRefused.text, people)).toEqual([]);
  });
});

describe("a Swedish admin", () => {
  it("reads the settings page in Swedish", async () => {
    const sv = await new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } }).login("ada");
    const res = await sv.get("/admin/settings");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<html lang="sv"/);
    expect(res.text).toContain("<h1>Inställningar</h1>");
    expect(res.text).toContain("Communityts standardspråk");
    expect(res.text).toContain("<title>Administration · Gleaner</title>");
  });
});

describe("every admin page in every language", () => {
  it("answers in Swedish, Norwegian and Chinese", async () => {
    for (const [locale, heading] of [["sv", "Användare"], ["nb", "Brukere"], ["zh-Hans", "用户"]] as const) {
      const reader = await new ApiClient(server.baseUrl, { headers: { "Accept-Language": locale } }).login("ada");
      for (const path of ADMIN_PAGES.slice(1)) {
        const res = await reader.get(path);
        expect(res.status, `${locale} ${path}`).toBe(200);
        expect(res.text, `${locale} ${path}`).toContain(`<html lang="${locale}"`);
      }
      expect((await reader.get("/admin/users")).text).toContain(`<h1>${heading}</h1>`);
    }
  });
});

describe("the community's default language", () => {
  const language = () => server.app.db.selectFrom("settings").select("value").where("key", "=", "language").executeTakeFirst();

  it("offers the four languages, each named in itself", async () => {
    const res = await ada.get("/admin/settings");
    for (const [tag, name] of [["en", "English"], ["sv", "Svenska"], ["nb", "Norsk bokmål"], ["zh-Hans", "中文（简体）"]]) {
      expect(res.text).toContain(`<option value="${tag}" lang="${tag}"`);
      expect(res.text).toContain(`>${name}</option>`);
    }
  });

  it("is refused to anyone but an admin, and nothing is stored", async () => {
    const alice = await new ApiClient(server.baseUrl).login("alice");
    const mia = await new ApiClient(server.baseUrl).login("mia");
    for (const client of [alice, mia]) expect((await submit(client, "/admin/settings", { intent: "language", defaultLocale: "sv" })).status).toBe(403);
    const anon = await submit(new ApiClient(server.baseUrl), "/admin/settings", { intent: "language", defaultLocale: "sv" });
    expect([302, 401, 403]).toContain(anon.status);
    if (anon.status === 302) expect(anon.headers.get("location")).toMatch(/^\/login/);
    expect(await language()).toBeUndefined();
  });

  it("refuses a language that is not one of ours, with a message, and stores nothing", async () => {
    const res = await submit(ada, "/admin/settings", { intent: "language", defaultLocale: "de" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).toContain('role="alert"');
    expect(await language()).toBeUndefined();
  });

  it("saved by an admin, is what a visitor naming no language gets, at once", async () => {
    const visitor = new ApiClient(server.baseUrl);
    // Read once first, so the default is cached in this process before it changes.
    expect((await visitor.get("/")).text).toMatch(/<html lang="en"/);
    const saved = await submit(ada, "/admin/settings", { intent: "language", defaultLocale: "sv" });
    expect(saved.status).toBe(200);
    expect(untranslatedStrings(saved.text, people)).toEqual([]);
    expect((await language())?.value).toEqual({ defaultLocale: "sv" });
    const home = await visitor.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/<html lang="sv"/);
    // A browser that names a language of ours still gets it.
    expect((await visitor.get("/", { "Accept-Language": "nb" })).text).toMatch(/<html lang="nb"/);
    // The form shows what is stored.
    expect((await ada.get("/admin/settings")).text).toMatch(/<option value="sv" lang="sv" selected=""/);
    expect((await submit(ada, "/admin/settings", { intent: "language", defaultLocale: "en" })).status).toBe(200);
    expect((await visitor.get("/")).text).toMatch(/<html lang="en"/);
  });
});
