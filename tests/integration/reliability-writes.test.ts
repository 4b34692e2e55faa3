/**
 * Writes under load and retries: 200 concurrent writers with valid bodies get no 5xx and no
 * 422, and a write retried with its Idempotency-Key is stored once.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { createWriters, openThread } from "../helpers/writers";

let server: TestServer;
let alice: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  alice = await new ApiClient(server.baseUrl).login("alice");
});
afterAll(() => server?.close());

describe("200 concurrent writers", () => {
  it("all get their reply stored: no 5xx, no 422 for valid bodies", async () => {
    const threads = await Promise.all(Array.from({ length: 10 }, (_, i) => openThread(server.database.db, alice, `Busy thread ${i}`)));
    const writers = await createWriters(server.database.db, server.baseUrl, 200);
    const results = await Promise.all(
      writers.map((writer, i) =>
        writer.post(`/api/v1/threads/${threads[i % threads.length]}/posts`, { body: `Plain reply number ${i}, nothing special about it.` }),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: 200 });

    // Counters stayed exact under the contention: each thread's count is its visible posts.
    const drift = await sql<{ id: number }>`
      select t.id from threads t
      where t.post_count <> (select count(*) from posts p where p.thread_id = t.id and p.status = 'visible')`.execute(server.database.db);
    expect(drift.rows).toEqual([]);
  }, 120_000);
});

describe("Idempotency-Key", () => {
  let threadId: number;
  beforeAll(async () => {
    threadId = await openThread(server.database.db, alice, "Retries");
  });

  const countReplies = async (body: string) =>
    (await server.database.db.selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n")).where("body_md", "=", body).executeTakeFirstOrThrow()).n;

  it("stores a retried reply once and answers the retry with the first answer", async () => {
    const key = "retry-1-" + Date.now();
    const first = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "Sent twice, stored once" }, { "Idempotency-Key": key });
    const again = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "Sent twice, stored once" }, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.post.id).toBe(first.body.post.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await countReplies("Sent twice, stored once")).toBe(1);
  });

  it("writes once when the same request arrives several times at once", async () => {
    const key = "burst-" + Date.now();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => alice.post(`/api/v1/threads/${threadId}/posts`, { body: "A burst of one" }, { "Idempotency-Key": key })),
    );
    // Each copy gets the reply (201) or is told the first is still running (409, retry shortly).
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.post.id)).size).toBe(1);
    expect(await countReplies("A burst of one")).toBe(1);
  });

  it("refuses the key's reuse for a different request, and scopes keys to their user", async () => {
    const key = "reuse-" + Date.now();
    expect((await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "The first body" }, { "Idempotency-Key": key })).status).toBe(201);
    const other = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "A different body" }, { "Idempotency-Key": key });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toMatch(/different request/);
    // Bob's request with alice's key is his own: it writes, and never sees alice's answer.
    const bob = await new ApiClient(server.baseUrl).login("bob");
    const bobs = await bob.post(`/api/v1/threads/${threadId}/posts`, { body: "The first body" }, { "Idempotency-Key": key });
    expect(bobs.status).toBe(201);
    expect(bobs.headers.get("idempotent-replayed")).toBeNull();
  });

  it("lets a refused request be retried with its key once it is fixed", async () => {
    const key = "fix-" + Date.now();
    const refused = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "   " }, { "Idempotency-Key": key });
    expect(refused.status).toBe(422);
    const fixed = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "Now with text" }, { "Idempotency-Key": key });
    expect(fixed.status).toBe(201);
  });

  it("refuses a malformed key with a 400", async () => {
    const res = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "x" }, { "Idempotency-Key": "has spaces in it" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("bad_request");
  });

  it("makes a form submitted twice post one reply", async () => {
    const page = await alice.get(`/t/${threadId}`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)?.[1];
    expect(key).toBeTruthy();
    const form = new URLSearchParams({ intent: "reply", idempotencyKey: key!, replyToId: "", body: "Double-clicked reply" });
    const headers = { "Content-Type": "application/x-www-form-urlencoded", Origin: server.baseUrl };
    const first = await alice.request("POST", `/t/${threadId}`, form.toString(), headers);
    const second = await alice.request("POST", `/t/${threadId}`, form.toString(), headers);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await countReplies("Double-clicked reply")).toBe(1);
  });
});
