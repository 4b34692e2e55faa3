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
import { loadCorpus, pageProblems, scriptCount, type Vector } from "../helpers/html-safety";
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

/**
 * A form post the way a browser without JavaScript sends it. The HTML comes back without the
 * empty comments React puts between adjacent pieces of text, so assertions read as the page does.
 */
async function submit(client: ApiClient, path: string, fields: Record<string, string | string[]>): Promise<ApiResponse<string>> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  const res = await client.request<string>("POST", path, body.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
  return { ...res, text: res.text.replaceAll("<!-- -->", "") };
}

/** A page's HTML as a reader sees its text (see submit). */
const html = async (client: ApiClient, path: string) => (await client.get(path)).text.replaceAll("<!-- -->", "");

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
    // Merging is for those who merge: moderators too, choosing the other idea from a list.
    const forMia = await html(mia, `/ideas/${idea}`);
    expect(forMia).toContain("Merge into another idea");
    expect(forMia).toContain(`<option value="${otherIdea}">#${otherIdea} Night theme</option>`);
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

describe("forms without JavaScript", () => {
  it("lets sales set a lead's status from the list, and its owner and notes on its page", async () => {
    const listed = await submit(sam, "/leads", { id: String(carolLead), status: "contacted" });
    expect(listed.status, listed.text.slice(0, 300)).toBe(200);
    expect(listed.text).toContain("@carol is now contacted.");
    expect((await sam.get(`/api/v1/leads/${carolLead}`)).body.lead.status).toBe("contacted");

    const saved = await submit(sam, `/leads/${carolLead}`, { status: "qualified", owner: "sam", notes: "Demo on Friday" });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("Lead saved.");
    expect((await sam.get(`/api/v1/leads/${carolLead}`)).body.lead).toMatchObject({ status: "qualified", owner: { handle: "sam" }, notes: "Demo on Friday" });

    // A refusal names the field, and the form keeps what was typed.
    const refused = await submit(sam, `/leads/${carolLead}`, { status: "won", owner: "alice", notes: "Call back in May" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("The owner must be someone in sales (or an admin).");
    expect(refused.text).toContain("Call back in May");
    expect((await sam.get(`/api/v1/leads/${carolLead}`)).body.lead.status).toBe("qualified");
    expect((await submit(sam, "/leads", { id: String(carolLead), status: "bogus" })).text).toContain("status must be one of new, contacted, qualified, won, lost, dismissed");
    expect((await submit(sam, "/leads/999999", { status: "won" })).status).toBe(404);
    for (const client of [pete, alice]) {
      expect((await submit(client, "/leads", { id: String(carolLead), status: "lost" })).status).toBe(403);
      expect((await submit(client, `/leads/${carolLead}`, { status: "lost" })).status).toBe(403);
    }
    expect((await sam.get(`/api/v1/leads/${carolLead}`)).body.lead.status).toBe("qualified");
  });

  it("lets a product manager set an idea's status with a note: voters hear it once, and the roadmap shows it", async () => {
    const planned = await ask(alice, "Keyboard shortcuts", "Please add keyboard shortcuts for replies.", "idea");
    for (const client of [bob, carol]) await client.post(`/api/v1/threads/${planned}/votes`);
    expect((await submit(alice, `/ideas/${planned}`, { intent: "status", status: "planned" })).status).toBe(403);
    expect((await submit(pete, `/ideas/${planned}`, { intent: "status", status: "someday" })).text).toContain("status must be one of open, under_review, planned, in_progress, shipped, declined");

    const res = await submit(pete, `/ideas/${planned}`, { intent: "status", status: "planned", note: "Next quarter" });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    // bob and carol voted; alice follows her own idea.
    expect(res.text).toContain("Status set to Planned. 3 people were told.");
    const notices = (await bob.get("/api/v1/notifications?limit=100")).body.notifications.filter((n: { kind: string; threadId: number }) => n.kind === "idea_status" && n.threadId === planned);
    expect(notices).toHaveLength(1);
    const roadmap = (await anon.get("/roadmap")).text;
    const column = roadmap.slice(roadmap.indexOf('data-testid="roadmap-planned"'), roadmap.indexOf('data-testid="roadmap-in_progress"'));
    expect(column).toContain("Keyboard shortcuts");
  });

  it("merges an idea into another from its page, votes and all", async () => {
    const a = await ask(alice, "Export to PDF", "Please add a PDF export of threads.", "idea");
    const b = await ask(bob, "PDF export of a thread", "It would be great to print a thread as PDF.", "idea");
    await carol.post(`/api/v1/threads/${b}/votes`);
    expect((await submit(pete, `/ideas/${b}`, { intent: "merge", intoThreadId: "" })).text).toContain("Choose the idea to merge this one into.");
    expect((await submit(alice, `/ideas/${b}`, { intent: "merge", intoThreadId: String(a) })).status).toBe(403);
    const merged = await submit(pete, `/ideas/${b}`, { intent: "merge", intoThreadId: String(a), reason: "same request" });
    expect(merged.status).toBe(302);
    expect(merged.headers.get("location")).toBe(`/ideas/${a}`);
    expect((await pete.get(`/ideas/${b}`)).status).toBe(404);
    expect((await pete.get(`/api/v1/ideas/${a}`)).body.idea).toMatchObject({ votes: 1, uniqueVoters: 1 });
  });

  it("accepts a candidate request into a new idea, attaches one to an idea, and dismisses one", async () => {
    await ask(alice, "Scheduling reports", "Can I schedule a report? It would be great if reports could be emailed every Monday.");
    await ask(bob, "Bulk edit", "How do I edit many tickets? It would be nice to have a bulk edit for tags.");
    await ask(alice, "Calendar", "Where is the calendar? It would be great if the calendar synced with Outlook.");
    await pass();
    const page = await html(pete, "/ideas/candidates");
    expect(page).toContain("It would be great if reports could be emailed every Monday.");
    expect(page).toContain("Acme Corp (customer)");
    // The new idea's title starts as the request's own words, without the full stop.
    expect(page).toContain('value="It would be great if reports could be emailed every Monday"');
    const { candidates } = (await pete.get("/api/v1/ideas/candidates")).body;
    const find = (text: string) => candidates.find((c: { quote: string }) => c.quote.includes(text)).id as number;

    const short = await submit(pete, "/ideas/candidates", { intent: "accept", id: String(find("Monday")), title: "x" });
    expect(short.status).toBe(422);
    expect(short.text).toContain("title must be at least 3 characters");
    const accepted = await submit(pete, "/ideas/candidates", { intent: "accept", id: String(find("Monday")), title: "Weekly report e-mails" });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain("Accepted into a new idea.");
    const created = Number(/href="\/ideas\/(\d+)"[^>]*>Open the idea/.exec(accepted.text)?.[1]);
    const createdIdea = (await pete.get(`/api/v1/ideas/${created}`)).body.idea;
    expect(createdIdea).toMatchObject({ title: "Weekly report e-mails" });
    expect(createdIdea.evidence).toEqual([expect.objectContaining({ quote: expect.stringContaining("emailed every Monday"), author: "alice" })]);

    expect((await submit(pete, "/ideas/candidates", { intent: "attach", id: String(find("bulk edit")), ideaThreadId: "" })).text).toContain("Choose the idea to attach this request to.");
    expect((await submit(pete, "/ideas/candidates", { intent: "attach", id: String(find("bulk edit")), ideaThreadId: String(idea) })).text).toContain("Attached as evidence.");
    expect((await pete.get(`/ideas/${idea}`)).text).toContain("It would be nice to have a bulk edit for tags.");

    expect((await submit(pete, "/ideas/candidates", { intent: "dismiss", id: String(find("Outlook")) })).text).toContain("Dismissed.");
    const again = await submit(pete, "/ideas/candidates", { intent: "dismiss", id: String(find("Outlook")) });
    expect(again.status).toBe(409);
    expect(again.text).toContain("This request was already dismissed.");
    expect((await pete.get("/ideas/candidates")).text).not.toContain("synced with Outlook");
    expect((await submit(sam, "/ideas/candidates", { intent: "dismiss", id: String(find("Monday")) })).status).toBe(403);
  });

  it("tries a sentence on the detectors page", async () => {
    const res = await submit(ada, "/admin/detectors", { text: "Hur mycket kostar det för 25 användare? Vi behöver en offert för fler licenser." });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Swedish");
    expect(res.text).toContain("Buying intent");
    expect(res.text).toContain("<code>offert</code>");
    expect(res.text).toContain("Vi behöver en offert för fler licenser.");
    expect((await submit(ada, "/admin/detectors", { text: "The weather is nice today." })).text).toContain("No signal in this text");
    const empty = await submit(ada, "/admin/detectors", { text: "   " });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("text is required");
    // The API lets product managers and sales classify; this admin page does not.
    expect((await submit(pete, "/admin/detectors", { text: "How much for 40 seats?" })).status).toBe(403);
  });

  it("saves lead-scoring weights, refusing bad ones field by field, and resets them", async () => {
    const page = (await ada.get("/admin/lead-scoring")).text;
    expect(page).toContain("Default 30");
    const bad = await submit(ada, "/admin/lead-scoring", { intent: "save", "plan.prospect": "500", buyingIntent: "lots", "revenueBands.0.atLeast": "", "revenueBands.0.points": "5" });
    expect(bad.status).toBe(422);
    for (const message of ["must be at most 100", "must be a whole number from 0 to 200", "must be a whole amount, 0 or more"]) expect(bad.text).toContain(message);
    // Each message sits with its field (aria-describedby points at it), and what was typed stays.
    expect(bad.text).toMatch(/id="field-plan\.prospect"[^>]*aria-describedby="field-plan\.prospect-error/);
    expect(bad.text).toMatch(/value="lots"/);

    const good = await submit(ada, "/admin/lead-scoring", { intent: "save", "plan.prospect": "35", buyingIntent: "", "revenueBands.0.atLeast": "5000000", "revenueBands.0.points": "15", "revenueBands.1.atLeast": "", "revenueBands.1.points": "" });
    expect(good.status).toBe(200);
    expect(good.text).toContain("Weights saved.");
    const { weights } = (await ada.get("/api/v1/admin/settings/leads")).body;
    // An emptied field takes its default; an empty band row is no band.
    expect(weights).toMatchObject({ plan: { prospect: 35 }, buyingIntent: 40, revenueBands: [{ atLeast: 5_000_000, points: 15 }] });

    expect((await submit(ada, "/admin/lead-scoring", { intent: "reset" })).text).toContain("Weights reset to the defaults.");
    expect((await ada.get("/api/v1/admin/settings/leads")).body.weights).toMatchObject({ plan: { prospect: 30 }, revenueBands: [{ atLeast: 10_000_000, points: 20 }, { atLeast: 1_000_000, points: 10 }] });
    expect((await submit(sam, "/admin/lead-scoring", { intent: "reset" })).status).toBe(403);
  });

  it("creates a webhook and shows its secret once, pauses, resumes and deletes it", async () => {
    const invalid = await submit(ada, "/admin/webhooks", { intent: "create", url: "ftp://example.com/x" });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain("url must start with http:// or https://");
    expect(invalid.text).toContain("choose at least one event");

    const created = await submit(ada, "/admin/webhooks", { intent: "create", url: "https://crm.example.com/hooks", events: ["lead.created", "lead.qualified"] });
    expect(created.status).toBe(200);
    const secret = /data-testid="webhook-secret">(whsec_[A-Za-z0-9_-]+)</.exec(created.text)?.[1];
    expect(secret).toBeDefined();
    const after = (await ada.get("/admin/webhooks")).text;
    expect(after).toContain("https://crm.example.com/hooks");
    expect(after).not.toContain(secret!);
    const { webhooks } = (await ada.get("/api/v1/admin/webhooks")).body;
    const hook = webhooks.find((w: { url: string }) => w.url === "https://crm.example.com/hooks");
    expect(hook).toMatchObject({ events: ["lead.created", "lead.qualified"], active: true });

    expect((await submit(ada, "/admin/webhooks", { intent: "pause", id: String(hook.id) })).text).toContain("Webhook paused");
    expect((await ada.get("/api/v1/admin/webhooks")).body.webhooks.find((w: { id: number }) => w.id === hook.id).active).toBe(false);
    expect((await submit(ada, "/admin/webhooks", { intent: "resume", id: String(hook.id) })).text).toContain("Webhook resumed.");
    // Pausing a CRM's feed is audited like creating and deleting one.
    const audited = (await ada.get("/api/v1/mod/audit?targetType=settings")).body.entries.map((e: { action: string }) => e.action);
    expect(audited).toEqual(expect.arrayContaining(["webhook.create", "webhook.pause", "webhook.resume"]));
    expect((await submit(pete, "/admin/webhooks", { intent: "delete", id: String(hook.id) })).status).toBe(403);
    expect((await submit(ada, "/admin/webhooks", { intent: "delete", id: String(hook.id) })).text).toContain("Webhook deleted");
    expect((await submit(ada, "/admin/webhooks", { intent: "delete", id: String(hook.id) })).status).toBe(404);
  });

  it("answers a bad query string with a clear 4xx page, not a 500", async () => {
    const bad = await pete.get("/ideas?sort=loudest");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("sort must be one of votes, companies, revenue, prospects, evidence, newest");
    expect((await sam.get("/leads?minScore=lots")).status).toBe(422);
    expect((await sam.get("/leads/abc")).status).toBe(422);
    expect((await pete.get("/ideas/999999")).status).toBe(404);
  });
});

describe("services behind the pages", () => {
  it("ranks ideas by the customer revenue behind them for sales too, not only for product managers", async () => {
    const { topIdeasByRevenue } = (await sam.get("/api/v1/insights")).body;
    expect(topIdeasByRevenue.length).toBeGreaterThan(0);
    // alice and bob are at Acme Corp (customer, 48,000,000 a year).
    expect(topIdeasByRevenue[0]).toMatchObject({ revenue: 48_000_000 });
    expect((await sam.get("/insights")).text).toContain("Top ideas by customer revenue behind them");
  });

  it("keeps ideas awaiting a moderator's approval off the public roadmap", async () => {
    const newcomer = new ApiClient(t.baseUrl);
    expect((await newcomer.post("/api/v1/users", { handle: "newcomer", email: "newcomer@example.com", password: "a-long-password" })).status).toBe(201);
    const held = await newcomer.post("/api/v1/threads", { categoryId: cat("ideas"), kind: "idea", title: "Unreviewed idea", body: "Buy cheap watches here." });
    expect(held.status, held.text).toBe(201);
    await t.app.db.updateTable("threads").set({ idea_status: "planned" }).where("id", "=", held.body.thread.id).execute();
    expect((await t.app.db.selectFrom("threads").select("awaiting_approval").where("id", "=", held.body.thread.id).executeTakeFirstOrThrow()).awaiting_approval).toBe(true);
    const roadmap = (await anon.get("/api/v1/roadmap")).body;
    expect(roadmap.planned.map((i: { threadId: number }) => i.threadId)).not.toContain(held.body.thread.id);
    expect((await anon.get("/roadmap")).text).not.toContain("Unreviewed idea");
  });
});

describe("loaders", () => {
  /** SQL statements one page view costs (the session, the header and the page). */
  async function queriesFor(client: ApiClient, path: string): Promise<number> {
    t.database.queries.length = 0;
    const res = await client.get(path);
    expect(res.status, path).toBe(200);
    return t.database.queries.length;
  }

  it("cost the same number of queries however many ideas, leads and requests they list", async () => {
    const pages = [[pete, "/ideas"], [pete, `/ideas/${idea}`], [pete, "/ideas/candidates"], [sam, "/leads"], [sam, `/leads/${carolLead}`], [sam, "/insights"], [alice, "/roadmap"]] as const;
    const before = [];
    for (const [client, path] of pages) before.push(await queriesFor(client, path));

    // More of everything: ideas with votes, people at a prospect company with buying signals, requests.
    const globex = (await ada.get("/api/v1/admin/companies")).body.companies.find((c: { name: string }) => c.name === "Globex").id;
    for (let i = 0; i < 4; i++) {
      const handle = `buyer${i}`;
      const buyer = new ApiClient(t.baseUrl);
      expect((await buyer.post("/api/v1/users", { handle, email: `${handle}@globex.example`, password: "a-long-password" })).status).toBe(201);
      expect((await ada.patch(`/api/v1/admin/users/${handle}`, { trustLevel: 2, companyId: globex })).status).toBe(200);
      await buyer.login(handle, "a-long-password");
      const extra = await ask(buyer, `Integration idea ${i}`, `Please add an integration with tool number ${i}.`, "idea");
      await buyer.post(`/api/v1/threads/${idea}/votes`);
      await carol.post(`/api/v1/threads/${extra}/votes`);
      await ask(buyer, `Quote for ${10 + i} seats`, `How much would ${10 + i} seats of the Enterprise plan cost? We need a quote.`);
      await ask(buyer, `Exports ${i}`, `How do I export? It would be great if the export supported format ${i} too.`);
    }
    await pass();
    expect((await sam.get("/api/v1/leads")).body.leads.length).toBeGreaterThanOrEqual(5);

    const after = [];
    for (const [client, path] of pages) after.push(await queriesFor(client, path));
    expect(after).toEqual(before);
  });
});

/**
 * Remix's inline scripts carry the loader data with every "<" escaped: a "<" inside one means
 * customer text broke out of the JSON (pageProblems, in html-safety, checks the markup itself).
 */
function scriptProblems(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, body]) => body!.includes("<"))
    .map(([, body]) => `a script holding "<": ${body!.slice(Math.max(0, body!.indexOf("<") - 40), body!.indexOf("<") + 40)}`);
}

/** 200 hostile vectors, a fair share from every source of the corpus (deterministic). */
function sampleVectors(size: number): string[] {
  const bySource = new Map<string, string[]>();
  for (const v of loadCorpus() as Vector[]) {
    if (!/<|javascript:|on\w+=/i.test(v.vector) || v.vector.includes("\u0000")) continue;
    const list = bySource.get(v.source) ?? [];
    if (!list.includes(v.vector)) list.push(v.vector);
    bySource.set(v.source, list);
  }
  const sample = new Set<string>();
  for (let round = 0; sample.size < size && round < 1000; round++) {
    for (const list of bySource.values()) if (sample.size < size && list.length) sample.add(list[(round * 7919) % list.length]!);
  }
  return [...sample];
}

async function inLanes<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

describe("customer text on the pages", () => {
  it("shows 200 XSS vectors as titles and quotes on the board, an idea, candidates, leads and insights as text only", { timeout: 300_000 }, async () => {
    // The checkers are not blind, and the pages' own scripts are what a harmless page holds.
    expect(scriptProblems('<script>window.__remixContext = {"t":"</p><img src=x onerror=alert(1)>"}</script>')).toHaveLength(1);
    expect(pageProblems('<p>x</p><img src=x onerror=alert(1)>')).toHaveLength(1);
    const scripts = scriptCount((await pete.get(`/ideas/${idea}`)).text);
    expect(scripts).toBeGreaterThan(0);
    const vectors = sampleVectors(200);
    expect(vectors).toHaveLength(200);
    const ideaIds: number[] = [];
    // A vector that is not a valid title (too long, too short) is carried by the body alone.
    const post = async (client: ApiClient, kind: "question" | "idea", title: string, fallback: string, body: string) => {
      let res = await client.post("/api/v1/threads", { categoryId: cat(kind === "idea" ? "ideas" : "how-do-i"), kind, title, body });
      if (res.status === 422) res = await client.post("/api/v1/threads", { categoryId: cat(kind === "idea" ? "ideas" : "how-do-i"), kind, title: fallback, body });
      return res.status === 201 ? (res.body.thread.id as number) : null;
    };
    await inLanes(vectors, 4, async (vector, i) => {
      // A prospect's buying question (lead quotes), an idea with its own request (evidence),
      // a request in a question (a candidate), and a vote (the idea's title in the lead).
      await post(carol, "question", vector, `Question ${i}`, `We need a quote for 40 seats of ${vector}`);
      const id = await post(alice, "idea", vector, `Idea ${i}`, `It would be great if you supported ${vector}`);
      await post(bob, "question", vector, `Export ${i}`, `How do I export? It would be great if you supported ${vector}`);
      if (id) {
        ideaIds.push(id);
        await carol.post(`/api/v1/threads/${id}/votes`);
      }
    });
    expect(ideaIds.length).toBeGreaterThan(150);
    await pass();
    for (const id of ideaIds.slice(0, 30)) await pete.post(`/api/v1/ideas/${id}/status`, { status: "planned" });
    // The same idea's page with every request as its evidence: all quotes on one page.
    const { candidates } = (await pete.get("/api/v1/ideas/candidates?limit=200")).body;
    const hostileQuotes = candidates.filter((c: { quote: string }) => /[<>"]|javascript:/i.test(c.quote)).length;
    expect(hostileQuotes, "quotes that still carry markup-like text").toBeGreaterThan(20);

    const pages: [ApiClient, string][] = [
      [pete, "/ideas?limit=200"],
      [anon, "/ideas?limit=200"],
      [pete, "/ideas/candidates?limit=200"],
      [sam, "/leads"],
      [sam, `/leads/${carolLead}`],
      [pete, "/insights"],
      [sam, "/insights"],
      [anon, "/roadmap"],
      ...ideaIds.slice(0, 20).map((id) => [pete, `/ideas/${id}`] as [ApiClient, string]),
    ];
    const raw = vectors.filter((v) => /<[a-z!/?]/i.test(v) && v.length >= 10);
    const failures: string[] = [];
    let shown = 0;
    for (const [client, path] of pages) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      for (const problem of [...pageProblems(res.text), ...scriptProblems(res.text)]) failures.push(`${path}: ${problem}`);
      if (scriptCount(res.text) !== scripts) failures.push(`${path}: ${scriptCount(res.text)} script elements, ${scripts} expected`);
      for (const v of raw) if (res.text.includes(v)) failures.push(`${path}: unescaped ${JSON.stringify(v.slice(0, 80))}`);
      shown += vectors.filter((v) => res.text.includes(escaped(v).replace(/'/g, "&#x27;"))).length;
    }
    expect(failures.slice(0, 20), `${failures.length} problems`).toEqual([]);
    // The vectors did reach the pages (as text): the check above looked at real customer text.
    expect(shown).toBeGreaterThan(200);
  });
});
