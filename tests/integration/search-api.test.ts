import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toActor } from "../../app/services/auth.server";
import type { ServiceContext } from "../../app/services/context";
import { acceptAnswer } from "../../app/services/community/answers.server";
import { createReply } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import type { Actor } from "../../app/services/guardian";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let solvedId: number;
let hiddenId: number;
let answerId: number;

const client = () => new ApiClient(t.baseUrl);

async function actor(handle: string): Promise<Actor> {
  const user = await t.app.db.selectFrom("users").selectAll().where("handle", "=", handle).executeTakeFirstOrThrow();
  return toActor(user, "session");
}

beforeAll(async () => {
  t = await startTestServer();
  // POST /api/v1/threads belongs to another change: content comes from the services directly.
  const ctx: ServiceContext = { db: t.app.db, events: t.app.events, jobs: t.app.jobs };
  const [alice, bob] = await Promise.all([actor("alice"), actor("bob")]);
  const categoryId = (await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow()).id;

  const solved = await createThread(ctx, alice, { categoryId, kind: "question", title: "How do I rotate the API signing key?", body: "Our security team wants the signing key rotated every quarter." });
  solvedId = solved.thread.id;
  const answer = await createReply(ctx, bob, solvedId, { body: "Open Settings → Keys and press Rotate; the old key keeps working for 24 hours." });
  answerId = answer.post.id;
  await acceptAnswer(ctx, alice, answerId);

  const hidden = await createThread(ctx, bob, { categoryId, kind: "question", title: "Signing key leaked in a screenshot", body: "Please remove my <b>signing</b> key screenshot." });
  hiddenId = hidden.thread.id;
  await t.app.db.updateTable("threads").set({ hidden: true }).where("id", "=", hiddenId).execute();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/search", () => {
  it("answers in the contract's shape", async () => {
    const res = await client().get("/api/v1/search?q=rotated");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.body.results).toHaveLength(1);
    const [hit] = res.body.results;
    expect(hit).toMatchObject({
      type: "thread",
      id: solvedId,
      threadId: solvedId,
      title: "How do I rotate the API signing key?",
      kind: "question",
      solved: true,
      category: { slug: "how-do-i" },
      url: `/t/${solvedId}`,
    });
    expect(typeof hit.snippet).toBe("string");
    expect(hit.snippet).toContain("<mark>");
  });

  it("finds words of the accepted answer and applies filters from the query string", async () => {
    const found = await client().get("/api/v1/search?q=Rotate%20key&category=how-do-i&kind=question&solved=true");
    expect(found.status).toBe(200);
    expect(found.body.results.map((r: { id: number }) => r.id)).toEqual([solvedId]);
    const unsolvedOnly = await client().get("/api/v1/search?q=rotate&solved=false");
    expect(unsolvedOnly.body.results).toEqual([]);
  });

  it("keeps hidden threads from anonymous readers and members, not from moderators", async () => {
    expect((await client().get("/api/v1/search?q=screenshot")).body.results).toEqual([]);
    const member = await client().login("carol");
    expect((await member.get("/api/v1/search?q=screenshot")).body.results).toEqual([]);
    const moderator = await client().login("mia");
    expect((await moderator.get("/api/v1/search?q=screenshot")).body.results.map((r: { id: number }) => r.id)).toEqual([hiddenId]);
  });

  it("answers a missing or bad query with a 422 JSON error, and odd queries without a 500", async () => {
    for (const path of ["/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20", `/api/v1/search?q=${"x".repeat(201)}`, "/api/v1/search?q=a&kind=poll"]) {
      const res = await client().get(path);
      expect(res.status, path).toBe(422);
      expect(res.body.error.code, path).toBe("validation_failed");
    }
    for (const q of ["'", '"', "&|!", ":*", "(((", "<script>", "%00", "' or 1=1 --"]) {
      const res = await client().get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect([200, 422], q).toContain(res.status);
    }
  });
});

describe("GET /api/v1/search/similar", () => {
  it("suggests threads sharing words with a title being typed", async () => {
    const res = await client().get(`/api/v1/search/similar?title=${encodeURIComponent("Rotate signing key automatically")}`);
    expect(res.status).toBe(200);
    expect(res.body.threads[0]).toEqual({ id: solvedId, title: "How do I rotate the API signing key?", url: `/t/${solvedId}`, solved: true, kind: "question", postCount: 2 });
    expect(res.body.threads.map((s: { id: number }) => s.id)).not.toContain(hiddenId);
  });

  it("answers short or missing titles with empty lists", async () => {
    for (const path of ["/api/v1/search/similar", "/api/v1/search/similar?title=ab"]) {
      const res = await client().get(path);
      expect(res.status, path).toBe(200);
      expect(res.body).toEqual({ threads: [], articles: [] });
    }
  });
});

describe("GET /search (the page)", () => {
  it("renders results with the snippet's marks and nothing else unescaped", async () => {
    const res = await client().get("/search?q=rotated");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain("How do I rotate the API signing key?");
    expect(res.text).toMatch(/<mark>rotated<\/mark>/);
  });

  it("shows just the form without a query, and a friendly message without results", async () => {
    const empty = await client().get("/search");
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('name="q"');
    expect(empty.text).not.toContain("data-testid=\"search-results\"");
    const none = await client().get("/search?q=nonexistentword");
    expect(none.status).toBe(200);
    expect(none.text).toContain('href="/new"');
  });

  it("shows a refused query as a message on the page, not an error page", async () => {
    const res = await client().get(`/search?q=${"x".repeat(201)}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("at most 200 characters");
  });
});
