import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostEvent } from "../../app/realtime/protocol";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, connected, eventually, openSocket, type TestSocket } from "../helpers/sockets";

/**
 * Two app servers on one database, as behind a load balancer: what a service publishes on node
 * A must reach sockets on node B, through PostgreSQL (the default) or Redis (REDIS_URL).
 */
function clusterSuite(adapter: "postgres" | "redis") {
  let nodeA: TestServer, nodeB: TestServer;
  let alice: ApiClient, carol: ApiClient;
  let howDoI: number;

  beforeAll(async () => {
    nodeA = await startTestServer({ realtime: adapter, realtimeLimits: { presenceThrottleMs: 100 } });
    nodeB = await startTestServer({ realtime: adapter, sharedDatabase: nodeA.database, realtimeLimits: { presenceThrottleMs: 100 } });
    // Sessions live in the shared database: one login works on both nodes.
    [alice, carol] = await Promise.all(["alice", "carol"].map((h) => new ApiClient(nodeA.baseUrl).login(h)));
    const { body } = await alice.get("/api/v1/categories");
    howDoI = body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
    // Each node counts the others it has heard from; both must know both before fetchSockets spans them.
    await eventually(
      async () => (await nodeA.server.io.of("/").adapter.serverCount()) === 2 && (await nodeB.server.io.of("/").adapter.serverCount()) === 2,
      15_000,
      "both nodes see each other",
    );
  });
  afterAll(async () => {
    closeAllSockets();
    await nodeB?.close();
    await nodeA?.close();
  });

  // Unique bodies: moderation holds a post that repeats a recent one.
  async function ask(title = "How do I scale out?") {
    const res = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body: `Two nodes, one database: ${title}` });
    expect(res.status, res.text).toBe(201);
    return res.body.thread.id as number;
  }

  async function joinedOn(node: TestServer, client: ApiClient | undefined, threadId: number): Promise<TestSocket> {
    const s = openSocket(node.baseUrl, { as: client });
    await connected(s);
    expect(await s.join(threadId)).toEqual({ ok: true });
    return s;
  }

  it("delivers a reply posted through node A to a socket on node B within a second", async () => {
    const threadId = await ask();
    const onB = await joinedOn(nodeB, undefined, threadId);
    const onA = await joinedOn(nodeA, undefined, threadId);
    const arrivals = [onB, onA].map((s) => s.next<PostEvent>("post:created", (p) => p.threadId === threadId, 5_000));
    const res = await carol.post(`/api/v1/threads/${threadId}/posts`, { body: "Hello from node A" });
    expect(res.status).toBe(201);
    const sentAt = Date.now();
    const [onBEvent] = await Promise.all(arrivals);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(onBEvent).toMatchObject({ threadId, postId: res.body.post.id, post: { html: res.body.post.html } });
    // A reply over NOTIFY's 8000-byte limit travels through the attachments table (migration 0004).
    const long = Array.from({ length: 150 }, (_, i) => `Step ${i + 1}: check the load balancer settings once more.`).join("\n\n");
    const longArrival = onB.next<PostEvent>("post:created", (p) => p.post.html.length > 8_000, 5_000);
    const longReply = await carol.post(`/api/v1/threads/${threadId}/posts`, { body: long });
    expect(longReply.status, longReply.text).toBe(201);
    expect((await longArrival).post.html).toBe(longReply.body.post.html);

    // Exactly once on each node, although both nodes relay through the adapter.
    await Promise.all([onA.flush(), onB.flush()]);
    for (const s of [onA, onB]) expect(s.received.filter((r) => r.name === "post:created")).toHaveLength(2);
    onA.close();
    onB.close();
  });

  it("removes readers on node B when node A hides the thread, and keeps staff informed", async () => {
    const threadId = await ask("A thread that will be hidden");
    const mia = await new ApiClient(nodeA.baseUrl).login("mia");
    const reader = await joinedOn(nodeB, undefined, threadId);
    const staff = await joinedOn(nodeB, mia, threadId);

    await nodeA.app.db.updateTable("threads").set({ hidden: true }).where("id", "=", threadId).execute();
    nodeA.app.events.publish({ type: "thread:updated", threadId, changes: { hidden: true } });
    expect(await reader.next("thread:updated")).toEqual({ threadId, changes: { hidden: true } });
    await staff.next("thread:updated");

    const res = await mia.post(`/api/v1/threads/${threadId}/posts`, { body: "Staff only from now on" });
    expect(res.status).toBe(201);
    await staff.next("post:created");
    await reader.flush();
    const names = reader.received.map((r) => r.name);
    expect(names.slice(names.indexOf("thread:updated"))).toEqual(["thread:updated"]);
    await eventually(async () => (await nodeA.server.io.in(`thread:${threadId}`).fetchSockets()).length === 1, 5_000, "reader removed on node B");
    reader.close();
    staff.close();
  });

  it("counts readers on both nodes in presence and delivers notifications across nodes", async () => {
    const threadId = await ask("Who is reading?");
    const onA = await joinedOn(nodeA, undefined, threadId);
    const onB = await joinedOn(nodeB, undefined, threadId);
    await Promise.all([onA.next("presence", (p) => p.count === 2), onB.next("presence", (p) => p.count === 2)]);

    // Alice follows her question; her socket is on node B, the reply goes through node A.
    const aliceOnB = openSocket(nodeB.baseUrl, { as: alice });
    await connected(aliceOnB);
    await carol.post(`/api/v1/threads/${threadId}/posts`, { body: "Notify alice across nodes" });
    expect(await aliceOnB.next("notification")).toMatchObject({ kind: "reply" });
    for (const s of [onA, onB, aliceOnB]) s.close();
  });
}

describe("several nodes with the Postgres adapter", () => clusterSuite("postgres"));

// CI exports REDIS_URL (redis on 127.0.0.1:6379); without Redis this half cannot run.
describe.runIf(Boolean(process.env.REDIS_URL))("several nodes with the Redis adapter", () => clusterSuite("redis"));
