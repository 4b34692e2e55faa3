/**
 * Keyset pages of the thread lists: following `next` from the first page visits every thread
 * exactly once, in the list's order, across the pinned threads and past them, in every sort.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let anon: ApiClient;
let categoryId: number;
const made: number[] = [];
const pinned = new Set<number>();

beforeAll(async () => {
  t = await startTestServer();
  anon = new ApiClient(t.baseUrl);
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const mia = await new ApiClient(t.baseUrl).login("mia");
  categoryId = (await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow()).id;
  for (let i = 0; i < 9; i++) {
    const res = await alice.post("/api/v1/threads", { categoryId, kind: "question", title: `Paging question ${i}`, body: `Question ${i}.` });
    expect(res.status).toBe(201);
    made.push(res.body.thread.id);
  }
  // Three pinned, among them the oldest, so pinned and unpinned activity interleave.
  for (const id of [made[0]!, made[4]!, made[7]!]) {
    expect((await mia.post(`/api/v1/mod/threads/${id}/pin`, {})).status).toBe(200);
    pinned.add(id);
  }
  // Replies reorder "latest" without touching "newest".
  for (const id of [made[2]!, made[0]!]) expect((await alice.post(`/api/v1/threads/${id}/posts`, { body: "A follow-up." })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

async function walk(query: string): Promise<number[]> {
  const seen: number[] = [];
  let after = "";
  for (let page = 0; page < 50; page++) {
    const res = await anon.get(`/api/v1/threads?${query}&limit=2${after ? `&after=${encodeURIComponent(after)}` : ""}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.threads.map((th: { id: number }) => th.id));
    if (!res.body.next) return seen;
    after = res.body.next;
  }
  throw new Error("more than 50 pages");
}

describe("keyset pages", () => {
  it.each(["sort=latest", "sort=newest", "sort=top"])("visit every thread once, in order (%s)", async (sort) => {
    const query = `category=${categoryId}&${sort}`;
    const whole = (await anon.get(`/api/v1/threads?${query}&limit=100`)).body.threads.map((th: { id: number }) => th.id);
    expect(whole).toHaveLength(made.length);
    expect(await walk(query)).toEqual(whole);
  });

  it("put the pinned threads first in the latest list, then the rest by activity", async () => {
    const ids = await walk(`category=${categoryId}&sort=latest`);
    expect(new Set(ids.slice(0, 3))).toEqual(pinned);
    expect(ids.slice(0, 3)[0]).toBe(made[0]); // pinned and replied to last
    expect(ids[3]).toBe(made[2]); // the unpinned thread replied to
  });
});
