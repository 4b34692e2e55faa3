/**
 * The lead list, a lead's page and insights in the pseudo-locale: every word of the interface
 * comes from the catalogs (community words carry USER_MARK), with data and in their empty
 * states; and a Swedish reader gets the lead list in Swedish.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHarvestPass } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { createLogger } from "../../app/lib/logger.server";
import { ApiClient } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedOn, USER_MARK, type PseudoLocaleServer } from "../helpers/untranslated";

let server: PseudoLocaleServer;
let sam: ApiClient;
let lead: number;
/**
 * Text that is data, not interface, but cannot carry USER_MARK: e-mail addresses, a company's
 * revenue as Intl writes it in short ("120M"), and the header's own link to the reader's
 * profile (root.tsx renders "@" and the handle as two text nodes, so the handle stands alone).
 */
let allow: string[] = ["sam"];
/** The pages before any harvest pass: no leads, no signals. */
const before: Record<string, { status: number; untranslated: string[] }> = {};
let emptyList = "";

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  sam = await pseudoReader(server, "sam");
  emptyList = (await sam.get("/leads")).text;
  for (const path of ["/leads", "/insights"]) before[path] = await untranslatedOn(sam, path, allow);

  // carol (Globex, a prospect) asks for a quote and votes for the idea: a lead with both signals.
  const carol = await new ApiClient(server.baseUrl).login("carol");
  const category = (await server.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow()).id;
  const asked = await carol.post("/api/v1/threads", { categoryId: category, kind: "question", title: `${USER_MARK} Pricing for 40 seats`, body: `${USER_MARK} How much would the Business plan cost for 40 seats? We need a quote this month.` });
  expect(asked.status, asked.text).toBe(201);
  expect((await carol.post(`/api/v1/threads/${server.content.ideaId}/votes`)).status).toBe(200);
  await runHarvestPass({ db: server.app.db, events: server.app.events, logger: createLogger("error"), jobs: server.app.jobs }, await recordCliRun(server.app.db, "full"));
  const leads: { id: number; user: { handle: string; email: string }; company: { annualRevenue: number | null } | null }[] = (await sam.get("/api/v1/leads")).body.leads;
  lead = leads.find((l) => l.user.handle === "carol")!.id;
  const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
  allow = [...allow, ...leads.map((l) => l.user.email), ...leads.flatMap((l) => (l.company?.annualRevenue ? [compact.format(l.company.annualRevenue)] : []))];
}, 120_000);
afterAll(() => server?.close());

describe("sales pages in the pseudo-locale", () => {
  it("shows the empty lead list and empty insights with nothing outside the catalogs", () => {
    expect(emptyList).toContain('data-testid="leads-empty"');
    expect(before["/leads"]).toEqual({ status: 200, untranslated: [] });
    expect(before["/insights"]).toEqual({ status: 200, untranslated: [] });
  });

  it("shows the lead list, filtered and empty, with nothing outside the catalogs", async () => {
    const list = await sam.get("/leads");
    expect(list.text).toContain('data-handle="carol"');
    expect(await untranslatedOn(sam, "/leads", allow)).toEqual({ status: 200, untranslated: [] });
    const filtered = "/leads?status=dismissed&plan=prospect&sort=recent";
    expect((await sam.get(filtered)).text).toContain('data-testid="leads-empty"');
    expect(await untranslatedOn(sam, filtered, allow)).toEqual({ status: 200, untranslated: [] });
  });

  it("shows a lead's page, with its score explained and its signals, with nothing outside the catalogs", async () => {
    const page = (await sam.get(`/leads/${lead}`)).text;
    expect(page).toContain('data-kind="buying_intent"');
    expect(page).toContain('data-kind="idea_vote"');
    expect(await untranslatedOn(sam, `/leads/${lead}`, allow)).toEqual({ status: 200, untranslated: [] });
  });

  it("answers a status change from the list in the reader's language", async () => {
    const body = new URLSearchParams({ id: String(lead), status: "contacted" });
    const res = await sam.request<string>("POST", "/leads", body.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain("is now contacted");
    expect(res.text).toContain("⟦");
  });

  it("shows insights with charts of leads and signals, with nothing outside the catalogs", async () => {
    expect(await untranslatedOn(sam, "/insights", allow)).toEqual({ status: 200, untranslated: [] });
  });
});

describe("sales pages in Swedish", () => {
  it("shows the lead list in Swedish to a reader who asks for it", async () => {
    const swede = await new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } }).login("sam");
    const html = (await swede.get("/leads")).text;
    expect(html).toContain('<html lang="sv"');
    expect(html).toContain("Ladda ner CSV");
    expect(html).toContain("Senaste signal");
    // The stored score lines are said in Swedish too.
    const page = (await swede.get(`/leads/${lead}`)).text.replaceAll("<!-- -->", "");
    expect(page).toContain("företag med planen prospekt");
    expect(page).toContain("Arbeta med leadet");
  });
});
