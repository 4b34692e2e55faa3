/**
 * The harvest as a background system on two nodes at once: accepting answers enqueues work that
 * whichever node is free takes, an admin's pass runs once and reports its progress live, and no
 * item is done twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, eventually, openSocket } from "../helpers/sockets";

let nodeA: TestServer;
let nodeB: TestServer;
let alice: ApiClient;
let bob: ApiClient;
let howDoI: number;

beforeAll(async () => {
  nodeA = await startTestServer({ workers: true, realtime: "postgres" });
  nodeB = await startTestServer({ workers: true, realtime: "postgres", sharedDatabase: nodeA.database });
  alice = await new ApiClient(nodeA.baseUrl).login("alice");
  bob = await new ApiClient(nodeB.baseUrl).login("bob");
  howDoI = (await alice.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
}, 60_000);
afterAll(async () => {
  closeAllSockets();
  await nodeB?.close();
  await nodeA?.close();
});

async function solved(i: number): Promise<{ threadId: number; answerId: number }> {
  const q = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: `Two nodes, question ${i}`, body: `Does question ${i} get one article?` });
  expect(q.status, q.text).toBe(201);
  const a = await bob.post(`/api/v1/threads/${q.body.thread.id}/posts`, { body: `Yes, exactly one (answer ${i}).` });
  expect(a.status, a.text).toBe(201);
  const accepted = await alice.post(`/api/v1/posts/${a.body.post.id}/accept`);
  expect(accepted.status, accepted.text).toBe(200);
  return { threadId: q.body.thread.id, answerId: a.body.post.id };
}

describe("the harvest on two nodes", () => {
  it("turns every accepted answer into exactly one draft, each harvested once, with an admin's pass running alongside", async () => {
    const threads = await Promise.all(Array.from({ length: 30 }, (_, i) => solved(i)));
    const ada = await new ApiClient(nodeB.baseUrl).login("ada");
    const started = await ada.post("/api/v1/harvest/runs", { scope: "full" });
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({ id: expect.any(Number), status: expect.stringMatching(/queued|running|done/) });

    const db = nodeA.database.db;
    await eventually(
      async () => (await db.selectFrom("kb_article_sources").select((eb) => eb.fn.countAll<number>().as("n")).where("thread_id", "in", threads.map((t) => t.threadId)).executeTakeFirstOrThrow()).n === 30,
      30_000,
      "30 drafts",
    );
    await eventually(async () => (await ada.get(`/api/v1/harvest/runs/${started.body.run.id}`)).body.run.status === "done", 30_000, "the pass is done");

    const articles = await db
      .selectFrom("kb_article_sources as s")
      .innerJoin("kb_articles as a", "a.id", "s.article_id")
      .select(["a.id", "a.revision", "a.status", "s.answer_post_id", "s.thread_id"])
      .where("s.thread_id", "in", threads.map((t) => t.threadId))
      .execute();
    expect(articles).toHaveLength(30);
    for (const t of threads) expect(articles.find((a) => a.thread_id === t.threadId)).toMatchObject({ status: "draft", revision: 1, answer_post_id: t.answerId });
    // One revision each: no article was written twice, whichever node or job got to it.
    const revisions = await db.selectFrom("kb_revisions").select((eb) => eb.fn.countAll<number>().as("n")).where("article_id", "in", articles.map((a) => a.id)).executeTakeFirstOrThrow();
    expect(revisions.n).toBe(30);
    const run = (await ada.get(`/api/v1/harvest/runs/${started.body.run.id}`)).body.run;
    expect(run.stats).toMatchObject({ scanned: expect.any(Number), created: expect.any(Number), skipped: expect.any(Number), failed: 0 });
  }, 90_000);

  it("lets admins start a pass, see it live, and read its figures; nobody else", async () => {
    const ada = await new ApiClient(nodeA.baseUrl).login("ada");
    const adminSocket = openSocket(nodeA.baseUrl, { as: ada });
    await eventually(() => adminSocket.socket.connected, 5_000, "admin socket connects");
    await solved(100);
    const started = await ada.post("/api/v1/harvest/runs", {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id as number;
    const done = await adminSocket.next<{ runId: number; status: string; stats: Record<string, number> }>("harvest:progress", (p) => p.runId === runId && p.status === "done", 30_000);
    expect(done.stats).toMatchObject({ scanned: expect.any(Number), failed: 0 });
    const run = (await ada.get(`/api/v1/harvest/runs/${runId}`)).body.run;
    expect(run).toMatchObject({ id: runId, status: "done", scope: "full", trigger: "admin", requestedBy: "ada", finishedAt: expect.any(String) });

    for (const handle of ["alice", "mia", "pete", "sam"]) {
      const client = await new ApiClient(nodeA.baseUrl).login(handle);
      expect((await client.post("/api/v1/harvest/runs", {})).status, handle).toBe(403);
      expect((await client.get(`/api/v1/harvest/runs/${runId}`)).status, handle).toBe(403);
    }
    expect((await new ApiClient(nodeA.baseUrl).post("/api/v1/harvest/runs", {})).status).toBe(401);
    // Only admins' sockets hear passes.
    const memberSocket = openSocket(nodeA.baseUrl, { as: alice });
    await eventually(() => memberSocket.socket.connected, 5_000, "member socket connects");
    const again = await ada.post("/api/v1/harvest/runs", {});
    await adminSocket.next<{ runId: number; status: string }>("harvest:progress", (p) => p.runId === again.body.run.id && p.status === "done", 30_000);
    await memberSocket.flush();
    expect(memberSocket.received.some((r) => r.name === "harvest:progress")).toBe(false);
  }, 90_000);
});
