/**
 * What each page and API read costs in SQL statements, so speed cannot silently regress:
 * - no N+1: a page costs the same number of statements with 3 replies by 2 people as with 40
 *   replies by 20 people, votes, flags, tags and 30 more threads in its lists;
 * - a budget per page: the statement count measured when this test was written, so a new
 *   query on a hot path is a decision someone makes, not an accident.
 * Knowledge-base, idea, lead and insight pages have their own such test in their area's tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { createWriters } from "../helpers/writers";

let t: TestServer;
let anon: ApiClient, alice: ApiClient, bob: ApiClient, mia: ApiClient;
let threadId: number;
let openingPostId: number;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestServer();
  anon = new ApiClient(t.baseUrl);
  [alice, bob, mia] = await Promise.all([new ApiClient(t.baseUrl).login("alice"), new ApiClient(t.baseUrl).login("bob"), new ApiClient(t.baseUrl).login("mia")]);
  const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
  const res = await alice.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: "How do I export invoices as CSV?", body: "I need all invoices as CSV for the export.", tags: ["billing", "export"] });
  expect(res.status).toBe(201);
  threadId = res.body.thread.id;
  openingPostId = res.body.post.id;
  for (const body of ["Use Settings, then Export.", "Or the API's invoices endpoint."]) {
    expect((await bob.post(`/api/v1/threads/${threadId}/posts`, { body })).status).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
});

/** Statements one request costs: measured on a second, warm request, after the first one's after-commit work settled. */
async function statementsFor(client: ApiClient, path: string): Promise<number> {
  expect((await client.get(path)).status, path).toBe(200);
  await sleep(50);
  t.database.queries.length = 0;
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return t.database.queries.length;
}

const PAGES = () =>
  [
    ["visitor", anon, "/"],
    ["visitor", anon, "/latest"],
    ["visitor", anon, "/c/how-do-i"],
    ["visitor", anon, `/t/${threadId}`],
    ["member", alice, `/t/${threadId}`],
    ["moderator", mia, `/t/${threadId}`],
    ["visitor", anon, "/search?q=export"],
    ["member", alice, "/notifications"],
    ["visitor", anon, "/u/bob"],
    ["member", alice, `/posts/${openingPostId}/revisions`],
    ["moderator", mia, "/mod"],
    ["visitor", anon, `/api/v1/threads/${threadId}`],
    ["visitor", anon, "/api/v1/threads?sort=latest"],
    ["visitor", anon, "/api/v1/search?q=export"],
    ["member", alice, "/api/v1/notifications"],
  ] as const;

/** What each read cost in the first test, for the budget check. */
const MEASURED: Record<string, number> = {};

/**
 * The statements each read may cost: what it cost when this was written. Raise one only with a
 * reason; lower it when a change saves one. (A member's thread page reads their session, votes,
 * follow state, unread count and composer state besides the thread.)
 */
const BUDGET: Record<string, number> = {
  "visitor /": 3,
  "visitor /latest": 2,
  "visitor /c/how-do-i": 3,
  "visitor /t/": 5,
  "member /t/": 11,
  "moderator /t/": 14,
  "visitor /search?q=export": 3,
  "member /notifications": 5,
  "visitor /u/bob": 4,
  "member /posts/": 6,
  "moderator /mod": 9,
  "visitor /api/v1/threads/": 4,
  "visitor /api/v1/threads?sort=latest": 2,
  "visitor /api/v1/search?q=export": 2,
  "member /api/v1/notifications": 3,
};
/** Budget keys name a path without its ids. */
const budgetKey = (key: string) => key.replace(/\/\d+(\/.*)?$/, "/");

describe("statements per request", () => {
  it("stay the same however many replies, people, votes, flags, tags and threads a page shows", async () => {
    const before = new Map<string, number>();
    for (const [role, client, path] of PAGES()) before.set(`${role} ${path}`, await statementsFor(client, path));

    // Much more of everything: 20 more people replying (mentions, votes, a flag), 30 more threads with tags.
    const writers = await createWriters(t.app.db, t.baseUrl, 20, "crowd");
    const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
    for (const [i, writer] of writers.entries()) {
      const reply = await writer.post(`/api/v1/threads/${threadId}/posts`, { body: `Reply ${i}: this worked for me, thanks @alice and @bob.` });
      expect(reply.status).toBe(201);
      await alice.post(`/api/v1/posts/${reply.body.post.id}/votes`);
      if (i % 5 === 0) await bob.post(`/api/v1/posts/${reply.body.post.id}/flags`, { reason: "spam" });
      const second = await writer.post(`/api/v1/threads/${threadId}/posts`, { body: `And a second note from writer ${i}.` });
      expect(second.status).toBe(201);
    }
    for (let i = 0; i < 30; i++) {
      const writer = writers[i % writers.length]!;
      const res = await writer.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: `How do I export report ${i}?`, body: `Export question number ${i}.`, tags: [`tag-${i % 7}`, "export"] });
      expect(res.status).toBe(201);
    }

    const grew: string[] = [];
    for (const [role, client, path] of PAGES()) {
      const key = `${role} ${path}`;
      const after = await statementsFor(client, path);
      if (after !== before.get(key)) grew.push(`${key}: ${before.get(key)} → ${after}`);
      MEASURED[key] = after;
    }
    expect(grew).toEqual([]);
  });

  it("stay within each page's budget", () => {
    expect(Object.keys(MEASURED)).toHaveLength(PAGES().length);
    const over = Object.entries(MEASURED)
      .filter(([key, n]) => n > (BUDGET[budgetKey(key)] ?? 0))
      .map(([key, n]) => `${key}: ${n} statements, budget ${BUDGET[budgetKey(key)] ?? "none"}`);
    expect(over).toEqual([]);
  });
});
