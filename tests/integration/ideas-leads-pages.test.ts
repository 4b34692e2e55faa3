/**
 * The pages of the idea board, roadmap, lead list, insights and their admin tools, through the
 * real server: who sees which page and which figures, the forms working without JavaScript,
 * loaders that cost the same number of queries however long the list, and customer text (quotes
 * and titles from the XSS corpus) never becoming markup.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHarvestPass, type PassStats } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { createLogger } from "../../app/lib/logger.server";
import { loadCorpus, type Vector } from "../helpers/html-safety";
import { ApiClient, type ApiResponse } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let anon: ApiClient, alice: ApiClient, bob: ApiClient, carol: ApiClient, mia: ApiClient, pete: ApiClient, sam: ApiClient, ada: ApiClient;
let categories: { slug: string; id: number }[];
const cat = (slug: string) => categories.find((c) => c.slug === slug)!.id;

/** Ids made in beforeAll and used across the tests. */
let idea: number;
let otherIdea: number;
let carolLead: number;

beforeAll(async () => {
  t = await startTestServer();
  anon = new ApiClient(t.baseUrl);
  [alice, bob, carol, mia, pete, sam, ada] = await Promise.all(["alice", "bob", "carol", "mia", "pete", "sam", "ada"].map((h) => new ApiClient(t.baseUrl).login(h)));
  categories = (await alice.get("/api/v1/categories")).body.categories;
  idea = await ask(alice, "Dark mode for the agent console", "It would be great to have a dark mode for late shifts.", "idea");
  otherIdea = await ask(bob, "Night theme", "Please add a night theme.", "idea");
  for (const client of [bob, carol]) expect((await client.post(`/api/v1/threads/${idea}/votes`)).status).toBe(200);
  await ask(carol, "Pricing for 40 seats", "How much would the Business plan cost for 40 seats? We need a quote this month.");
  await ask(alice, "Exporting invoices", "How do I export invoices? It would be great if the export supported XLSX files too.");
  await pass();
  carolLead = (await sam.get("/api/v1/leads")).body.leads.find((l: { user: { handle: string } }) => l.user.handle === "carol").id;
}, 120_000);
afterAll(() => t?.close());

async function pass(): Promise<PassStats> {
  return runHarvestPass({ db: t.app.db, events: t.app.events, logger: createLogger("error"), jobs: t.app.jobs }, await recordCliRun(t.app.db, "full"));
}

async function ask(client: ApiClient, title: string, body: string, kind: "question" | "idea" = "question") {
  const res = await client.post("/api/v1/threads", { categoryId: cat(kind === "idea" ? "ideas" : "how-do-i"), kind, title, body });
  expect(res.status, res.text).toBe(201);
  return res.body.thread.id as number;
}

/** A form post the way a browser without JavaScript sends it. */
function submit(client: ApiClient, path: string, fields: Record<string, string | string[]>): Promise<ApiResponse<string>> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return client.request("POST", path, body.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
}

const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

describe("who sees which page", () => {
  const everyone = () => ({ anon, alice, mia, pete, sam, ada });

  /** Expected status per client: 200, 403, or "login" (a redirect to the login page and back). */
  async function expectAccess(path: string, expected: Record<string, 200 | 403 | 401 | "login">) {
    for (const [name, client] of Object.entries(everyone())) {
      const res = await client.get(path);
      const want = expected[name];
      if (want === "login") {
        expect(res.status, `${name} ${path}`).toBe(302);
        expect(res.headers.get("location"), `${name} ${path}`).toBe(`/login?next=${encodeURIComponent(path)}`);
      } else {
        expect(res.status, `${name} ${path}: ${res.text.slice(0, 200)}`).toBe(want);
      }
    }
  }

  it("shows the board and the roadmap to everyone, the lead list and its CSV only to sales and admins", async () => {
    const all200 = { anon: 200, alice: 200, mia: 200, pete: 200, sam: 200, ada: 200 } as const;
    await expectAccess("/ideas", all200);
    await expectAccess(`/ideas/${idea}`, all200);
    await expectAccess("/roadmap", all200);
    const sales = { anon: "login", alice: 403, mia: 403, pete: 403, sam: 200, ada: 200 } as const;
    await expectAccess("/leads", sales);
    await expectAccess(`/leads/${carolLead}`, sales);
    await expectAccess("/leads.csv", { ...sales, anon: 401 });
    await expectAccess("/ideas/candidates", { anon: "login", alice: 403, mia: 403, pete: 200, sam: 403, ada: 200 });
    await expectAccess("/ideas.csv", { anon: 401, alice: 403, mia: 403, pete: 200, sam: 403, ada: 200 });
    await expectAccess("/insights", { anon: "login", alice: 403, mia: 403, pete: 200, sam: 200, ada: 200 });
    for (const page of ["/admin/detectors", "/admin/lead-scoring", "/admin/webhooks"]) {
      await expectAccess(page, { anon: "login", alice: 403, mia: 403, pete: 403, sam: 403, ada: 200 });
    }
  });

  it("checks every loader itself: a page's data asked for directly is refused just the same", async () => {
    for (const client of [alice, pete]) expect((await client.get("/leads?_data=routes%2Fleads._index")).status).toBe(403);
    expect((await sam.get("/leads?_data=routes%2Fleads._index")).status).toBe(200);
    expect((await pete.get("/admin/webhooks?_data=routes%2Fadmin.webhooks")).status).toBe(403);
    expect((await sam.get("/admin/detectors?_data=routes%2Fadmin.detectors")).status).toBe(403);
    expect((await sam.get("/ideas/candidates?_data=routes%2Fideas.candidates")).status).toBe(403);
  });

  it("shows the private figures of the board only to product managers and admins", async () => {
    for (const [client, sees] of [[anon, false], [alice, false], [mia, false], [sam, false], [pete, true], [ada, true]] as const) {
      const html = (await client.get("/ideas")).text;
      expect(html).toContain("Dark mode for the agent console");
      expect(html.includes("Customer revenue"), "board columns").toBe(sees);
      expect(html.includes("Interest in"), "trend sparklines").toBe(sees);
      const page = (await client.get(`/ideas/${idea}`)).text;
      expect(page.includes("Evidence"), "evidence").toBe(sees);
      expect(page.includes("Update status"), "status form").toBe(sees);
      // Its loader data as JSON, too: the private side is not merely hidden by the markup.
      const data = (await client.get(`/ideas/${idea}?_data=routes%2Fideas.%24threadId`)).body;
      expect(Boolean(data.idea.private), "private figures in the data").toBe(sees);
    }
    // Merging is for those who merge: moderators too.
    expect((await mia.get(`/ideas/${idea}`)).text).toContain("Merge into another idea");
    expect((await alice.get(`/ideas/${idea}`)).text).not.toContain("Merge into another idea");
  });

  it("links Leads and Insights in the header only for those the guardian lets in", async () => {
    const nav = (html: string) => html.slice(html.indexOf('aria-label="Account"'), html.indexOf("</nav>", html.indexOf('aria-label="Account"')));
    for (const [client, leads, insights] of [[anon, false, false], [alice, false, false], [mia, false, false], [pete, false, true], [sam, true, true], [ada, true, true]] as const) {
      const header = nav((await client.get("/roadmap")).text);
      expect(header).toContain('href="/ideas"');
      expect(header).toContain('href="/roadmap"');
      expect(header.includes('href="/leads"'), "leads link").toBe(leads);
      expect(header.includes('href="/insights"'), "insights link").toBe(insights);
    }
  });
});
