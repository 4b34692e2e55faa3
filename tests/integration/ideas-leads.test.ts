/**
 * What the harvest learns about customers, through the API: leads from buying signals (with
 * their evidence, once), who may see them, the idea board's figures and merges, status changes
 * heard once by every voter, candidate requests, and signed webhooks that are retried.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../app/lib/logger.server";
import { runHarvestPass, type PassStats } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { verifyWebhookSignature } from "../../app/services/webhooks/deliver-webhook.server";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/sockets";

let t: TestServer;
let alice: ApiClient, bob: ApiClient, carol: ApiClient, mia: ApiClient, pete: ApiClient, sam: ApiClient, ada: ApiClient;
let categories: { slug: string; id: number }[];
const cat = (slug: string) => categories.find((c) => c.slug === slug)!.id;

beforeAll(async () => {
  t = await startTestServer({ workers: true });
  [alice, bob, carol, mia, pete, sam, ada] = await Promise.all(["alice", "bob", "carol", "mia", "pete", "sam", "ada"].map((h) => new ApiClient(t.baseUrl).login(h)));
  categories = (await alice.get("/api/v1/categories")).body.categories;
}, 60_000);
afterAll(() => t?.close());

async function pass(): Promise<PassStats> {
  return runHarvestPass({ db: t.app.db, events: t.app.events, logger: createLogger("error"), jobs: t.app.jobs }, await recordCliRun(t.app.db, "full"));
}

async function ask(client: ApiClient, title: string, body: string, kind: "question" | "idea" = "question") {
  const res = await client.post("/api/v1/threads", { categoryId: cat(kind === "idea" ? "ideas" : "how-do-i"), kind, title, body });
  expect(res.status, res.text).toBe(201);
  return res.body.thread.id as number;
}

const leadOf = async (handle: string) => (await sam.get("/api/v1/leads?limit=1000")).body.leads.find((l: { user: { handle: string } }) => l.user.handle === handle);

describe("leads", () => {
  it("turns a prospect's pricing question into one lead with that evidence, and a second pass adds nothing", async () => {
    await ask(carol, "Pricing for a team of 50", "How much would the Business plan cost for 50 seats? We would need a quote before the end of the quarter.");
    const first = await pass();
    expect(first.signals).toBeGreaterThanOrEqual(1);
    const lead = await leadOf("carol");
    expect(lead).toMatchObject({ status: "new", company: { name: "Globex", plan: "prospect" }, user: { handle: "carol" } });
    expect(lead.score).toBeGreaterThan(0);
    expect(lead.signals).toContainEqual(expect.objectContaining({ kind: "buying_intent", quote: expect.stringContaining("50 seats"), postId: expect.any(Number), url: expect.stringMatching(/^\/t\/\d+#post-\d+$/) }));
    expect(lead.explanation.map((e: { factor: string }) => e.factor)).toEqual(expect.arrayContaining(["plan", "buying intent"]));

    const again = await pass();
    expect(again).toMatchObject({ signals: 0, leadsCreated: 0 });
    const after = await leadOf("carol");
    expect(after.signals).toHaveLength(lead.signals.length);
    expect((await sam.get("/api/v1/leads?limit=1000")).body.leads.filter((l: { user: { handle: string } }) => l.user.handle === "carol")).toHaveLength(1);
  });

  it("is for sales and admins only, API and CSV alike", async () => {
    for (const client of [alice, mia, pete]) {
      expect((await client.get("/api/v1/leads")).status).toBe(403);
      expect((await client.get("/leads.csv")).status).toBe(403);
    }
    expect((await new ApiClient(t.baseUrl).get("/api/v1/leads")).status).toBe(401);
    expect((await new ApiClient(t.baseUrl).get("/leads.csv")).status).toBe(401);
    for (const client of [sam, ada]) expect((await client.get("/api/v1/leads")).status).toBe(200);
  });

  it("exports a CSV with a header row, proper quoting, and no formula injection", async () => {
    await ask(carol, "Seats and pricing", '=HYPERLINK("http://evil.example","click") how much is the Enterprise plan for 200 seats?');
    await pass();
    const csv = await sam.get("/leads.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = csv.text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("lead id,score,fit,behaviour,status,handle,email,company,plan,annual revenue,owner,signals,strongest quote,quote link,last signal at,why");
    // Whatever it quotes, no cell starts a formula (tests/unit/csv.test.ts has the cases).
    expect(csv.text).not.toMatch(/(^|,)"?[=+@-]/m);
    expect(lines.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  it("lets sales work a lead; a dismissed lead comes back only with a stronger new signal", async () => {
    const lead = await leadOf("carol");
    const contacted = await sam.patch(`/api/v1/leads/${lead.id}`, { status: "contacted", owner: "sam", notes: "Called on Monday" });
    expect(contacted.body.lead).toMatchObject({ status: "contacted", owner: { handle: "sam" }, notes: "Called on Monday" });
    expect((await sam.patch(`/api/v1/leads/${lead.id}`, { owner: "alice" })).status).toBe(422);
    expect((await sam.patch(`/api/v1/leads/${lead.id}`, { status: "bogus" })).status).toBe(422);
    expect((await sam.patch(`/api/v1/leads/${lead.id}`, { status: "dismissed" })).body.lead.status).toBe("dismissed");
    // The same evidence again does not bring it back.
    await pass();
    expect((await sam.get(`/api/v1/leads/${lead.id}`)).body.lead.status).toBe("dismissed");
    // A new signal stronger than any it had does.
    await ask(carol, "Ready to buy", "We want to buy 300 licences of the Enterprise plan with SAML single sign-on: who do I talk to in sales for a quote and the pricing?");
    await pass();
    expect((await sam.get(`/api/v1/leads/${lead.id}`)).body.lead.status).toBe("new");
  });
});

describe("the idea board", () => {
  it("shows unique voters and companies, and counts a person who voted for both merged ideas once", async () => {
    const a = await ask(alice, "Export to XLSX", "Please add an XLSX export next to CSV.", "idea");
    const b = await ask(alice, "Excel export", "It would be great to export to Excel.", "idea");
    for (const [client, idea] of [[bob, a], [carol, a], [bob, b], [ada, b]] as const) expect((await client.post(`/api/v1/threads/${idea}/votes`)).status).toBe(200);
    const board = (await pete.get("/api/v1/ideas?sort=votes")).body.ideas;
    expect(board.find((i: { threadId: number }) => i.threadId === a)).toMatchObject({ votes: 2, uniqueVoters: 2, uniqueCompanies: 2, private: { prospects: 1, customers: 1 } });
    // The public sees the counts, not the private side.
    expect((await new ApiClient(t.baseUrl).get("/api/v1/ideas")).body.ideas.find((i: { threadId: number }) => i.threadId === a)).not.toHaveProperty("private");

    expect((await alice.post(`/api/v1/ideas/${b}/merge`, { intoThreadId: a })).status).toBe(403);
    const merged = await pete.post(`/api/v1/ideas/${b}/merge`, { intoThreadId: a });
    expect(merged.status, merged.text).toBe(200);
    const survivor = (await pete.get(`/api/v1/ideas/${a}`)).body.idea;
    expect(survivor).toMatchObject({ votes: 3, uniqueVoters: 3 });
    const votes = await t.app.db.selectFrom("idea_votes").select("user_id").where("thread_id", "=", a).execute();
    expect(votes).toHaveLength(3);
    expect((await pete.get(`/api/v1/ideas/${b}`)).status).toBe(404);
  });

  it("tells every voter and follower of an idea about a status change, once each, and shows it on the roadmap", async () => {
    const idea = await ask(alice, "Dark mode", "Please add a dark mode for late shifts.", "idea");
    await bob.post(`/api/v1/threads/${idea}/votes`);
    await carol.post(`/api/v1/threads/${idea}/votes`);
    await bob.put(`/api/v1/threads/${idea}/follow`, { level: "watching" });
    const count = async (client: ApiClient) => (await client.get("/api/v1/notifications?limit=100")).body.notifications.filter((n: { kind: string; threadId: number }) => n.kind === "idea_status" && n.threadId === idea).length;
    expect((await alice.post(`/api/v1/ideas/${idea}/status`, { status: "planned" })).status).toBe(403);
    expect((await pete.post(`/api/v1/ideas/${idea}/status`, { status: "planned", note: "Next quarter" })).status).toBe(200);
    expect(await count(bob)).toBe(1);
    expect(await count(carol)).toBe(1);
    expect(await count(alice)).toBe(1); // the author follows their own thread
    const roadmap = (await new ApiClient(t.baseUrl).get("/api/v1/roadmap")).body;
    expect(roadmap.planned).toContainEqual(expect.objectContaining({ threadId: idea, votes: 2 }));
  });

  it("turns a request made in a question into a candidate, which a product manager accepts into a new idea", async () => {
    await ask(alice, "Exporting invoices", "How do I export invoices? It would be great if the export supported XLSX files too.");
    await pass();
    const { candidates } = (await pete.get("/api/v1/ideas/candidates")).body;
    const candidate = candidates.find((c: { quote: string }) => /XLSX files too/.test(c.quote));
    expect(candidate).toMatchObject({ kind: "feature_request", author: "alice", company: { name: "Acme Corp" } });
    expect((await alice.get("/api/v1/ideas/candidates")).status).toBe(403);
    const accepted = await pete.post(`/api/v1/ideas/candidates/${candidate.id}/accept`, { title: "XLSX invoice export" });
    expect(accepted.status, accepted.text).toBe(201);
    const idea = (await pete.get(`/api/v1/ideas/${accepted.body.ideaThreadId}`)).body.idea;
    expect(idea.evidence).toEqual([expect.objectContaining({ quote: expect.stringContaining("XLSX files too"), author: "alice" })]);
    expect((await pete.post(`/api/v1/ideas/candidates/${candidate.id}/dismiss`)).status).toBe(409);
  });

  it("accepts a candidate once when two product managers accept it at the same time, leaving no second idea", async () => {
    await ask(alice, "Exporting reports", "How do I export reports? I wish the export could be scheduled every Monday.");
    await pass();
    const { candidates } = (await pete.get("/api/v1/ideas/candidates")).body;
    const candidate = candidates.find((c: { quote: string }) => /scheduled every Monday/.test(c.quote));
    expect(candidate).toBeDefined();
    const ideasBefore = await t.app.db.selectFrom("threads").select("id").where("kind", "=", "idea").execute();
    const answers = await Promise.all([pete, ada].map((client) => client.post(`/api/v1/ideas/candidates/${candidate.id}/accept`, { title: "Scheduled report export" })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const ideasAfter = await t.app.db.selectFrom("threads").select("id").where("kind", "=", "idea").execute();
    expect(ideasAfter.length).toBe(ideasBefore.length + 1);
  });
});

describe("classify and webhooks", () => {
  it("classifies a sentence for admins, product managers and sales, storing nothing", async () => {
    for (const client of [ada, pete, sam]) {
      const res = await client.post("/api/v1/harvest/classify", { text: "Vad kostar det för 40 licenser, och kan vi få en offert?" });
      expect(res.status).toBe(200);
      expect(res.body.signals).toContainEqual(expect.objectContaining({ kind: "buying_intent", score: expect.any(Number), matched: expect.any(Array) }));
    }
    expect((await alice.post("/api/v1/harvest/classify", { text: "x" })).status).toBe(403);
    expect((await ada.post("/api/v1/harvest/classify", { text: "" })).status).toBe(422);
  });

  it("signs each delivery so the receiver can verify it, and retries a failed one", async () => {
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.statusCode = received.length === 1 ? 500 : 204; // the first attempt fails
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      expect((await pete.post("/api/v1/admin/webhooks", { url, events: ["idea.status_changed"] })).status).toBe(403);
      const created = await ada.post("/api/v1/admin/webhooks", { url, events: ["idea.status_changed"] });
      expect(created.status, created.text).toBe(201);
      const idea = await ask(alice, "Webhook idea", "Please add webhooks for everything.", "idea");
      await pete.post(`/api/v1/ideas/${idea}/status`, { status: "under_review" });
      await eventually(() => received.length >= 2, 60_000, "a retried delivery");
      const delivery = received[1]!;
      expect(delivery.headers["x-gleaner-event"]).toBe("idea.status_changed");
      expect(verifyWebhookSignature(created.body.secret, String(delivery.headers["x-gleaner-signature"]), delivery.body)).toBe(true);
      expect(verifyWebhookSignature("whsec_wrong", String(delivery.headers["x-gleaner-signature"]), delivery.body)).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ event: "idea.status_changed", data: { idea: { threadId: idea, status: "under_review" } } });
      // An old timestamp is refused: receivers can reject replays.
      expect(verifyWebhookSignature(created.body.secret, String(delivery.headers["x-gleaner-signature"]), delivery.body, Math.floor(Date.now() / 1000) + 3600)).toBe(false);
      await eventually(async () => (await ada.get("/api/v1/admin/webhooks")).body.deliveries.some((d: { status: string; attempts: number }) => d.status === "delivered" && d.attempts === 2), 10_000, "the log shows two attempts");
    } finally {
      receiver.close();
    }
  }, 90_000);
});
