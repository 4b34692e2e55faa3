import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let alice: ApiClient, bob: ApiClient, carol: ApiClient, mia: ApiClient, pete: ApiClient, anon: ApiClient;
let howDoI: number, ideas: number, announcements: number;

beforeAll(async () => {
  t = await startTestServer();
  [alice, bob, carol, mia, pete] = await Promise.all(["alice", "bob", "carol", "mia", "pete"].map((h) => new ApiClient(t.baseUrl).login(h)));
  anon = new ApiClient(t.baseUrl);
  const { body } = await anon.get("/api/v1/categories");
  const id = (slug: string) => body.categories.find((c: { slug: string }) => c.slug === slug).id;
  [howDoI, ideas, announcements] = [id("how-do-i"), id("ideas"), id("announcements")];
});
afterAll(async () => {
  await t?.close();
});

async function ask(client: ApiClient, title = "How do I rotate API keys?", body = "Our keys are a year old.") {
  const res = await client.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body, tags: ["security", "API Keys"] });
  expect(res.status, res.text).toBe(201);
  return res.body as { thread: { id: number; url: string }; post: { id: number; status: string; html: string } };
}

describe("threads and posts", () => {
  it("creates a question with its opening post, tags and the contract's shape", async () => {
    const created = await ask(alice, "How do I rotate API keys?", "Our keys are **a year** old.");
    expect(created.thread.url).toBe(`/t/${created.thread.id}`);
    expect(created.post).toMatchObject({ status: "visible", html: "<p>Our keys are <strong>a year</strong> old.</p>\n" });

    const page = await anon.get(`/api/v1/threads/${created.thread.id}`);
    expect(page.status).toBe(200);
    expect(page.body.thread).toMatchObject({ id: created.thread.id, title: "How do I rotate API keys?", kind: "question", status: "open", acceptedPostId: null, voteCount: 0, ideaStatus: null, url: created.thread.url, tags: ["api-keys", "security"] });
    expect(page.body.posts).toHaveLength(1);
    expect(page.body.posts[0]).toMatchObject({ id: created.post.id, author: { handle: "alice" }, status: "visible" });
    expect(page.body.posts[0].createdAt).toEqual(expect.any(String));

    const list = await anon.get(`/api/v1/threads?category=how-do-i`);
    expect(list.body.threads[0]).toMatchObject({ id: created.thread.id, title: "How do I rotate API keys?", kind: "question", status: "open", solved: false, voteCount: 0, postCount: 1 });
    expect(list.body).toHaveProperty("next");
  });

  it("refuses a kind the category does not take, unknown categories and bad input with 422", async () => {
    const wrongKind = await alice.post("/api/v1/threads", { categoryId: ideas, kind: "question", title: "A question", body: "x" });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.fields[0].field).toBe("kind");
    expect((await alice.post("/api/v1/threads", { categoryId: 9999, kind: "question", title: "Nope nope", body: "x" })).status).toBe(422);
    const bad = await alice.post("/api/v1/threads", { categoryId: "x", kind: "poll", title: "", body: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["body", "categoryId", "kind", "title"]);
    const tooManyTags = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Tags galore", body: "x", tags: ["a", "b", "c", "d", "e", "f"] });
    expect(tooManyTags.status).toBe(422);
  });

  it("answers 413 for a body over 32 KB and keeps what was stored", async () => {
    const { thread } = await ask(alice);
    const big = await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "x".repeat(33 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/32 KB/);
    const page = await anon.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.posts).toHaveLength(1);
  });

  it("needs a login to write, and answers 404 for threads that do not exist", async () => {
    expect((await anon.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Anonymous?", body: "x" })).status).toBe(401);
    expect((await anon.get("/api/v1/threads/999999")).status).toBe(404);
    expect((await alice.post("/api/v1/threads/999999/posts", { body: "hi" })).status).toBe(404);
  });

  it("numbers concurrent replies without gaps or duplicates and keeps the counter exact", async () => {
    const { thread } = await ask(alice);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? bob : carol).post(`/api/v1/threads/${thread.id}/posts`, { body: `Reply ${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const page = await anon.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.thread.postCount).toBe(13);
    const numbers = page.body.posts.map((p: { number: number }) => p.number);
    expect(numbers).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it("keeps every edit as a revision readers can see", async () => {
    const { thread, post } = await ask(alice, "How do I merge two workspaces?", "First version");
    expect((await bob.patch(`/api/v1/posts/${post.id}`, { body: "Vandalised" })).status).toBe(403);
    const edited = await alice.patch(`/api/v1/posts/${post.id}`, { body: "Second version", title: "How do I merge two workspaces safely?" });
    expect(edited.status).toBe(200);
    expect(edited.body.post.html).toContain("Second version");
    const revisions = await anon.get(`/api/v1/posts/${post.id}/revisions`);
    expect(revisions.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(revisions.body.revisions[1].html).toContain("First version");
    const page = await anon.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.thread.title).toBe("How do I merge two workspaces safely?");
    expect(page.body.posts[0].editedAt).toEqual(expect.any(String));
    // Moderators may edit anyone's post.
    expect((await mia.patch(`/api/v1/posts/${post.id}`, { body: "Tidied by a moderator" })).status).toBe(200);
  });
});

describe("accepted answers", () => {
  it("only the asker or a moderator can accept; the asker can change and remove it", async () => {
    const { thread } = await ask(alice);
    const first = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Use the keys page." })).body.post;
    const second = (await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "Or the CLI." })).body.post;

    expect((await bob.post(`/api/v1/posts/${first.id}/accept`)).status).toBe(403);
    expect((await carol.post(`/api/v1/posts/${first.id}/accept`)).status).toBe(403);
    expect((await pete.post(`/api/v1/posts/${first.id}/accept`)).status).toBe(403);
    expect((await anon.post(`/api/v1/posts/${first.id}/accept`)).status).toBe(401);

    const accepted = await alice.post(`/api/v1/posts/${first.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.thread).toMatchObject({ id: thread.id, acceptedPostId: first.id, solved: true });

    expect((await mia.post(`/api/v1/posts/${second.id}/accept`)).body.thread.acceptedPostId).toBe(second.id);
    const page = await anon.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.thread.acceptedPostId).toBe(second.id);
    expect(page.body.accepted.id).toBe(second.id);

    expect((await alice.delete(`/api/v1/posts/${first.id}/accept`)).status).toBe(409);
    expect((await alice.delete(`/api/v1/posts/${second.id}/accept`)).body.thread.acceptedPostId).toBeNull();
    const solvedList = await anon.get(`/api/v1/threads?solved=false&category=how-do-i`);
    expect(solvedList.body.threads.some((x: { id: number }) => x.id === thread.id)).toBe(true);
  });

  it("refuses to accept the question itself or an answer in a discussion", async () => {
    const { thread, post } = await ask(alice);
    expect((await alice.post(`/api/v1/posts/${post.id}/accept`)).status).toBe(403);
    const discussion = await mia.post("/api/v1/threads", { categoryId: announcements, kind: "discussion", title: "Release notes", body: "v2 is out" });
    const reply = await bob.post(`/api/v1/threads/${discussion.body.thread.id}/posts`, { body: "Nice" });
    expect((await mia.post(`/api/v1/posts/${reply.body.post.id}/accept`)).status).toBe(403);
    void thread;
  });
});

describe("votes", () => {
  it("counts an idea vote once per user even with 20 concurrent requests", async () => {
    const idea = await bob.post("/api/v1/threads", { categoryId: ideas, kind: "idea", title: "Offline mode", body: "For trains." });
    const id = idea.body.thread.id;
    const votes = await Promise.all(Array.from({ length: 20 }, () => alice.post(`/api/v1/threads/${id}/votes`)));
    expect(votes.every((v) => v.status === 200)).toBe(true);
    const carolVotes = await Promise.all(Array.from({ length: 20 }, () => carol.post(`/api/v1/threads/${id}/votes`)));
    expect(carolVotes.every((v) => v.status === 200)).toBe(true);
    const page = await anon.get(`/api/v1/threads/${id}`);
    expect(page.body.thread.voteCount).toBe(2);
    const rows = await t.app.db.selectFrom("idea_votes").selectAll().where("thread_id", "=", id).execute();
    expect(rows).toHaveLength(2);

    const removals = await Promise.all(Array.from({ length: 10 }, () => alice.delete(`/api/v1/threads/${id}/votes`)));
    expect(removals.at(-1)!.body.thread.voteCount).toBe(1);
    expect((await anon.get(`/api/v1/threads/${id}`)).body.thread.voteCount).toBe(1);
  });

  it("counts a post vote once under concurrency and refuses self-votes", async () => {
    const { thread, post } = await ask(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Answer" })).body.post;
    await Promise.all(Array.from({ length: 20 }, () => alice.post(`/api/v1/posts/${reply.id}/votes`)));
    const res = await carol.post(`/api/v1/posts/${reply.id}/votes`);
    expect(res.body.post).toMatchObject({ id: reply.id, voteCount: 2 });
    expect((await bob.post(`/api/v1/posts/${reply.id}/votes`)).status).toBe(403);
    expect((await alice.post(`/api/v1/posts/${post.id}/votes`)).status).toBe(403);
    expect((await anon.post(`/api/v1/posts/${reply.id}/votes`)).status).toBe(401);
    expect((await alice.post(`/api/v1/threads/${thread.id}/votes`)).status).toBe(403); // not an idea
  });
});

describe("locked and hidden threads refuse actions", () => {
  it("refuses replies, votes and accepts in a locked thread, but lets moderators reply", async () => {
    const { thread } = await ask(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Answer" })).body.post;
    await t.app.db.updateTable("threads").set({ status: "locked" }).where("id", "=", thread.id).execute();
    const refused = await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "Too late" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/locked/);
    expect((await carol.post(`/api/v1/posts/${reply.id}/votes`)).status).toBe(403);
    expect((await alice.post(`/api/v1/posts/${reply.id}/accept`)).status).toBe(403);
    expect((await bob.patch(`/api/v1/posts/${reply.id}`, { body: "edit" })).status).toBe(403);
    expect((await mia.post(`/api/v1/threads/${thread.id}/posts`, { body: "Locked because it is answered." })).status).toBe(201);
  });

  it("hides a hidden thread from members (404) and refuses every action on it", async () => {
    const { thread, post } = await ask(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Answer" })).body.post;
    await t.app.db.updateTable("threads").set({ hidden: true }).where("id", "=", thread.id).execute();
    expect((await carol.get(`/api/v1/threads/${thread.id}`)).status).toBe(404);
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).status).toBe(404);
    expect((await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "hi" })).status).toBe(404);
    expect((await carol.post(`/api/v1/posts/${reply.id}/votes`)).status).toBe(404);
    expect((await alice.post(`/api/v1/posts/${reply.id}/accept`)).status).toBe(404);
    expect((await alice.patch(`/api/v1/posts/${post.id}`, { body: "x" })).status).toBe(404);
    expect((await mia.get(`/api/v1/threads/${thread.id}`)).status).toBe(200);
    const list = await carol.get("/api/v1/threads?category=how-do-i&limit=100");
    expect(list.body.threads.some((x: { id: number }) => x.id === thread.id)).toBe(false);
  });

  it("refuses writes from a suspended member's token while reads still work", async () => {
    const { thread } = await ask(alice);
    await t.app.db.updateTable("users").set({ suspended_until: new Date(Date.now() + 86_400_000) }).where("handle", "=", "carol").execute();
    const ada = await new ApiClient(t.baseUrl).login("ada");
    const token = (await ada.post("/api/v1/admin/tokens", { handle: "carol", name: "carol bot" })).body.token.secret;
    const asCarol = new ApiClient(t.baseUrl, { headers: { Authorization: `Bearer ${token}` } });
    expect((await asCarol.get(`/api/v1/threads/${thread.id}`)).status).toBe(200);
    const refused = await asCarol.post(`/api/v1/threads/${thread.id}/posts`, { body: "hi" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("suspended");
    await t.app.db.updateTable("users").set({ suspended_until: null }).where("handle", "=", "carol").execute();
  });
});

describe("follows and notifications", () => {
  it("notifies followers of replies, mentioned users, the accepted author and idea voters", async () => {
    const before = async (c: ApiClient) => (await c.get("/api/v1/notifications")).body.unread as number;
    const [a0, b0, c0] = await Promise.all([before(alice), before(bob), before(carol)]);

    const { thread } = await ask(alice, "How do I export audit logs?", "Need them monthly.");
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Ask @carol, she did it last week." })).body.post;
    expect(await before(alice)).toBe(a0 + 1); // reply to her thread
    expect(await before(carol)).toBe(c0 + 1); // mention
    const mention = (await carol.get("/api/v1/notifications")).body.notifications[0];
    expect(mention).toMatchObject({ kind: "mention", read: false, data: { title: "How do I export audit logs?", actor: "bob" } });

    await alice.post(`/api/v1/posts/${reply.id}/accept`);
    const bobs = (await bob.get("/api/v1/notifications")).body;
    expect(bobs.unread).toBe(b0 + 1);
    expect(bobs.notifications[0]).toMatchObject({ kind: "accepted", threadId: thread.id, postId: reply.id });

    // Muting stops reply notifications.
    await alice.put(`/api/v1/threads/${thread.id}/follow`, { level: "muted" });
    await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "Here is how." });
    expect(await before(alice)).toBe(a0 + 1);
    expect((await bob.get("/api/v1/notifications")).body.unread).toBe(b0 + 2); // bob follows after replying

    const read = await alice.post("/api/v1/notifications", { all: true });
    expect(read.body.unread).toBe(0);
  });

  it("tells idea voters and followers when a product manager changes the status", async () => {
    const idea = (await carol.post("/api/v1/threads", { categoryId: ideas, kind: "idea", title: "Two-factor with passkeys", body: "Please." })).body.thread;
    await alice.post(`/api/v1/threads/${idea.id}/votes`);
    expect((await alice.post(`/api/v1/ideas/${idea.id}/status`, { status: "planned" })).status).toBe(403);
    expect((await pete.post(`/api/v1/ideas/${idea.id}/status`, { status: "someday" })).status).toBe(422);
    const res = await pete.post(`/api/v1/ideas/${idea.id}/status`, { status: "planned", note: "Coming in Q3." });
    expect(res.status).toBe(200);
    const aliceNote = (await alice.get("/api/v1/notifications")).body.notifications[0];
    expect(aliceNote).toMatchObject({ kind: "idea_status", data: { status: "planned", note: "Coming in Q3." } });
    const carolNote = (await carol.get("/api/v1/notifications")).body.notifications[0];
    expect(carolNote.kind).toBe("idea_status");
    expect((await anon.get(`/api/v1/threads/${idea.id}`)).body.thread.ideaStatus).toBe("planned");
  });
});

describe("lists", () => {
  it("pages through a category by keyset cursor without repeats", async () => {
    for (let i = 0; i < 7; i++) await ask(bob, `Paging question ${i}`, "body");
    const seen: number[] = [];
    let next: string | null = null;
    do {
      const res: { body: { threads: { id: number }[]; next: string | null } } = await anon.get(`/api/v1/threads?category=how-do-i&sort=newest&limit=3${next ? `&after=${next}` : ""}`);
      seen.push(...res.body.threads.map((x) => x.id));
      next = res.body.next;
    } while (next);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await anon.get("/api/v1/threads?category=how-do-i&sort=newest&limit=100");
    expect(seen).toEqual(all.body.threads.map((x: { id: number }) => x.id));
    expect((await anon.get("/api/v1/threads?after=garbage")).status).toBe(400);
    expect((await anon.get("/api/v1/threads?sort=sideways")).status).toBe(422);
  });

  it("filters by kind, tag and solved, and sorts by top votes", async () => {
    const tagged = await anon.get("/api/v1/threads?tag=security&limit=100");
    expect(tagged.body.threads.length).toBeGreaterThan(0);
    expect(tagged.body.threads.every((x: { tags: string[] }) => x.tags.includes("security"))).toBe(true);
    const ideasOnly = await anon.get("/api/v1/threads?kind=idea&limit=100");
    expect(ideasOnly.body.threads.every((x: { kind: string }) => x.kind === "idea")).toBe(true);
    const top = await anon.get("/api/v1/threads?sort=top&limit=100");
    const counts = top.body.threads.map((x: { voteCount: number }) => x.voteCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    const unanswered = await anon.get("/api/v1/threads?sort=unanswered&limit=100");
    expect(unanswered.body.threads.every((x: { postCount: number; kind: string }) => x.postCount === 1 && x.kind === "question")).toBe(true);
  });
});
