/**
 * A post's HTML is shipped once: in the markup of a thread page, not again in the data Remix
 * serialises for hydration; client navigations and revalidations (data requests) still carry
 * it, since they have no markup to read it from.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let threadId: number;
const MARK = "ship-once-marker";

beforeAll(async () => {
  t = await startTestServer();
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const bob = await new ApiClient(t.baseUrl).login("bob");
  const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
  const res = await alice.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: "How do I export?", body: `Opening ${MARK}-0 with **bold** text.` });
  threadId = res.body.thread.id;
  for (let i = 1; i <= 5; i++) expect((await bob.post(`/api/v1/threads/${threadId}/posts`, { body: `Reply ${MARK}-${i}: see <https://example.com>.` })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe("thread page payload", () => {
  it.each([
    ["a visitor", undefined],
    ["a member", "alice"],
  ])("has each post's HTML once for %s", async (_who, handle) => {
    const client = handle ? await new ApiClient(t.baseUrl).login(handle) : new ApiClient(t.baseUrl);
    const res = await client.get(`/t/${threadId}`);
    expect(res.status).toBe(200);
    for (let i = 0; i <= 5; i++) expect(occurrences(res.text, `${MARK}-${i}`), `post ${i}`).toBe(1);
    expect(res.text).toContain(`data-post-body=`);
  });

  it("carries the HTML in data requests, which have no markup", async () => {
    const res = await new ApiClient(t.baseUrl).get(`/t/${threadId}?_data=${encodeURIComponent("routes/t.$id")}`);
    expect(res.status).toBe(200);
    const posts = [res.body.opening, ...res.body.posts];
    expect(posts).toHaveLength(6);
    for (const post of posts) expect(post.html).toContain(MARK);
  });
});
