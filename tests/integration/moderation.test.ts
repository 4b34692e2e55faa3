import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, connected, openSocket } from "../helpers/sockets";

let t: TestServer;
let alice: ApiClient, bob: ApiClient, carol: ApiClient, mia: ApiClient, ada: ApiClient, pete: ApiClient, sam: ApiClient, anon: ApiClient;
let howDoI: number, ideas: number, gettingStarted: number;
let seq = 0;

beforeAll(async () => {
  t = await startTestServer();
  [alice, bob, carol, mia, ada, pete, sam] = await Promise.all(["alice", "bob", "carol", "mia", "ada", "pete", "sam"].map((h) => new ApiClient(t.baseUrl).login(h)));
  anon = new ApiClient(t.baseUrl);
  const { body } = await anon.get("/api/v1/categories");
  const id = (slug: string) => body.categories.find((c: { slug: string }) => c.slug === slug).id;
  [howDoI, ideas, gettingStarted] = [id("how-do-i"), id("ideas"), id("getting-started")];
});
afterAll(async () => {
  closeAllSockets();
  await t?.close();
});

/** A brand-new member (trust level 0), signed in. */
async function newcomer(): Promise<{ client: ApiClient; handle: string }> {
  const handle = `newbie${++seq}`;
  const client = new ApiClient(t.baseUrl);
  const res = await client.post("/api/v1/users", { handle, email: `${handle}@example.com`, password: "a-long-password" });
  expect(res.status).toBe(201);
  return { client, handle };
}

async function question(client: ApiClient, title = `Question ${++seq}`, body = "How does this work?") {
  const res = await client.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body });
  expect(res.status, res.text).toBe(201);
  return res.body as { thread: { id: number }; post: { id: number; status: string } };
}

const auditCount = async () => Number((await t.app.db.selectFrom("mod_actions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("pre-moderation", () => {
  it("holds a level-0 member's first thread: invisible to others until a moderator approves it", async () => {
    const { client: newbie, handle } = await newcomer();
    const { thread, post } = await question(newbie, "Where do I find the invoices?");
    expect(post.status).toBe("pending");

    // The author sees it, marked as awaiting approval; nobody else does.
    const own = await newbie.get(`/api/v1/threads/${thread.id}`);
    expect(own.status).toBe(200);
    expect(own.body.posts[0].status).toBe("pending");
    expect((await alice.get(`/api/v1/threads/${thread.id}`)).status).toBe(404);
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).status).toBe(404);
    const list = await alice.get("/api/v1/threads?category=how-do-i&limit=100");
    expect(list.body.threads.some((x: { id: number }) => x.id === thread.id)).toBe(false);
    const search = await alice.get("/api/v1/search?q=invoices");
    expect(search.body.results.some((r: { threadId: number }) => r.threadId === thread.id)).toBe(false);

    const queue = await mia.get("/api/v1/mod/queue?kind=pending");
    const item = queue.body.items.find((i: { postId: number }) => i.postId === post.id);
    expect(item).toMatchObject({ id: `pending:${post.id}`, kind: "pending", postId: post.id, reasons: ["new_user"] });
    expect(item.userId).toEqual(expect.any(Number));

    const approved = await mia.post(`/api/v1/mod/posts/${post.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.post.status).toBe("visible");
    const seen = await carol.get(`/api/v1/threads/${thread.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.posts[0]).toMatchObject({ id: post.id, status: "visible", author: { handle } });
    expect((await alice.get("/api/v1/threads?category=how-do-i&limit=100")).body.threads.some((x: { id: number }) => x.id === thread.id)).toBe(true);
    const note = (await newbie.get("/api/v1/notifications")).body.notifications[0];
    expect(note.kind).toBe("post_approved");
  });

  it("holds a level-0 reply without counting or announcing it until approved", async () => {
    const { thread } = await question(alice);
    const { client: newbie } = await newcomer();
    const before = (await alice.get("/api/v1/notifications")).body.unread;
    const reply = await newbie.post(`/api/v1/threads/${thread.id}/posts`, { body: "Try the export page." });
    expect(reply.body.post.status).toBe("pending");
    const page = await bob.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.thread.postCount).toBe(1);
    expect(page.body.posts.map((p: { id: number }) => p.id)).not.toContain(reply.body.post.id);
    expect((await alice.get("/api/v1/notifications")).body.unread).toBe(before);

    await mia.post(`/api/v1/mod/posts/${reply.body.post.id}/approve`);
    const after = await bob.get(`/api/v1/threads/${thread.id}`);
    expect(after.body.thread.postCount).toBe(2);
    expect(after.body.posts.map((p: { id: number }) => p.id)).toContain(reply.body.post.id);
    expect((await alice.get("/api/v1/notifications")).body.unread).toBe(before + 1);
  });

  it("rejects a held post: it stays gone and the author is told why", async () => {
    const { client: newbie } = await newcomer();
    const { thread, post } = await question(newbie, "Cheap watches here");
    const rejected = await mia.post(`/api/v1/mod/posts/${post.id}/reject`, { reason: "Advertising" });
    expect(rejected.status).toBe(200);
    expect((await newbie.get(`/api/v1/threads/${thread.id}`)).status).toBe(404);
    expect((await mia.post(`/api/v1/mod/posts/${post.id}/approve`)).status).toBe(409);
    const note = (await newbie.get("/api/v1/notifications")).body.notifications[0];
    expect(note).toMatchObject({ kind: "post_rejected", data: { reason: "Advertising" } });
  });

  it("holds posts in a category that requires approval, posts with watched words, and link spam", async () => {
    await t.app.db.updateTable("categories").set({ approval_roles: ["member"] }).where("id", "=", gettingStarted).execute();
    const held = await alice.post("/api/v1/threads", { categoryId: gettingStarted, kind: "question", title: "Held by category", body: "Hello" });
    expect(held.body.post.status).toBe("pending");
    const staff = await mia.post("/api/v1/threads", { categoryId: gettingStarted, kind: "question", title: "Staff are not held", body: "Hello" });
    expect(staff.body.post.status).toBe("visible");
    await t.app.db.updateTable("categories").set({ approval_roles: [] }).where("id", "=", gettingStarted).execute();

    expect((await alice.put("/api/v1/admin/settings/moderation", { watchedWords: ["casino"] })).status).toBe(403);
    const settings = await ada.put("/api/v1/admin/settings/moderation", { watchedWords: ["casino", "赌场"] });
    expect(settings.status).toBe(200);
    const watched = await question(alice, "Question about the Casino plugin", "It crashes.");
    expect(watched.post.status).toBe("pending");
    const queue = await mia.get("/api/v1/mod/queue?reason=watched_word");
    expect(queue.body.items.find((i: { postId: number }) => i.postId === watched.post.id).reasons).toContain("watched_word:casino");
    expect((await question(alice, "About classics", "A classic casino-free question? no: classic only")).post.status).toBe("pending");
    expect((await question(alice, "About classes", "A class question.")).post.status).toBe("visible");

    const links = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(" ");
    expect((await question(alice, "Many links", `See ${links}`)).post.status).toBe("pending");
    // Spam heuristics apply to members the community does not know yet (below level 2).
    const { client: member, handle } = await newcomer();
    await mia.post(`/api/v1/mod/users/${handle}/trust`, { level: 1 });
    expect((await question(member, "Link only", "https://spam.example/buy")).post.status).toBe("pending");
    const repeated = Array.from({ length: 6 }, () => "BUY NOW BUY NOW").join("\n");
    expect((await question(member, "Repeated", repeated)).post.status).toBe("pending");
    expect((await question(member, "Fine", "A normal question about exports, with enough words.")).post.status).toBe("visible");
    expect((await question(member, "Fine again", "A normal question about exports, with enough words.")).post.status).toBe("pending");
    expect((await question(alice, "Link only from a regular", "https://docs.example/export")).post.status).toBe("visible");
    await ada.put("/api/v1/admin/settings/moderation", { watchedWords: [] });
  });

  it("screens edits too: an approved post edited into a watched word goes back to the queue", async () => {
    await ada.put("/api/v1/admin/settings/moderation", { watchedWords: ["crypto giveaway"] });
    const { thread } = await question(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Try the export page." })).body.post;
    const edited = await bob.patch(`/api/v1/posts/${reply.id}`, { body: "Join our crypto giveaway today!" });
    expect(edited.status).toBe(200);
    const page = await carol.get(`/api/v1/threads/${thread.id}`);
    expect(page.body.posts.map((p: { id: number }) => p.id)).not.toContain(reply.id);
    expect(page.body.thread.postCount).toBe(1);
    const item = (await mia.get("/api/v1/mod/queue?kind=pending")).body.items.find((i: { postId: number }) => i.postId === reply.id);
    expect(item.reasons).toEqual(["watched_word:crypto giveaway"]);
    // A moderator's edit is never screened, and it does not approve either: that is its own decision.
    expect((await mia.patch(`/api/v1/posts/${reply.id}`, { body: "Edited by a moderator: crypto giveaway removed? no, kept." })).body.post.status).toBe("pending");
    await mia.post(`/api/v1/mod/posts/${reply.id}/approve`);
    expect((await carol.get(`/api/v1/threads/${thread.id}`)).body.thread.postCount).toBe(2);
    await ada.put("/api/v1/admin/settings/moderation", { watchedWords: [] });
  });

  it("limits new members: two links per post, a few threads a day (429 with Retry-After)", async () => {
    const { client: newbie } = await newcomer();
    const threeLinks = await newbie.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Links", body: "https://a.example https://b.example https://c.example" });
    expect(threeLinks.status).toBe(422);
    expect(threeLinks.body.error.message).toMatch(/at most 2 links/);
    for (let i = 0; i < 3; i++) await question(newbie);
    const fourth = await newbie.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "One too many", body: "x" });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("lets members climb out of level 0 by reading, and moderators set levels by hand", async () => {
    const { client: newbie, handle } = await newcomer();
    const { thread } = await question(alice);
    for (let i = 0; i < 21; i++) await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: `Reply ${i}` });
    await newbie.get(`/api/v1/threads/${thread.id}`);
    // A second day of visiting: the activity row says so.
    await t.app.db.updateTable("user_activity").set({ last_visited_on: "2000-01-01" }).execute();
    await newbie.get(`/api/v1/threads/${thread.id}`);
    expect((await newbie.get("/api/v1/me")).body.user.trustLevel).toBe(1);
    expect((await question(newbie)).post.status).toBe("visible");

    expect((await alice.post(`/api/v1/mod/users/${handle}/trust`, { level: 3 })).status).toBe(403);
    const set = await mia.post(`/api/v1/mod/users/${handle}/trust`, { level: 3 });
    expect(set.body.user.trustLevel).toBe(3);
  });
});

describe("flags", () => {
  it("hides a post after three flags from trusted members, not before, and not for untrusted flags", async () => {
    const { thread } = await question(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Buy followers at spam.example" })).body.post;
    const { client: newbie } = await newcomer();
    expect((await newbie.post(`/api/v1/posts/${reply.id}/flags`, { reason: "spam" })).status).toBe(201);
    expect((await alice.post(`/api/v1/posts/${reply.id}/flags`, { reason: "spam" })).body.postHidden).toBe(false);
    expect((await alice.post(`/api/v1/posts/${reply.id}/flags`, { reason: "spam" })).status).toBe(409);
    expect((await bob.post(`/api/v1/posts/${reply.id}/flags`, { reason: "spam" })).status).toBe(403);
    expect((await carol.post(`/api/v1/posts/${reply.id}/flags`, { reason: "other" })).status).toBe(422);
    expect((await carol.post(`/api/v1/posts/${reply.id}/flags`, { reason: "off_topic" })).body.postHidden).toBe(false);
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).body.posts.map((p: { id: number }) => p.id)).toContain(reply.id);

    const third = await pete.post(`/api/v1/posts/${reply.id}/flags`, { reason: "abusive", note: "spam links" });
    expect(third.body.postHidden).toBe(true);
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).body.posts.map((p: { id: number }) => p.id)).not.toContain(reply.id);
    const item = (await mia.get("/api/v1/mod/queue?kind=flagged")).body.items.find((i: { postId: number }) => i.postId === reply.id);
    expect(item.reasons.sort()).toEqual(["abusive", "off_topic", "spam"]);
    expect(item.score).toBe(7);

    // Dismissing the flags brings it back.
    expect((await mia.post(`/api/v1/mod/posts/${reply.id}/dismiss`)).body.post.status).toBe("visible");
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).body.posts.map((p: { id: number }) => p.id)).toContain(reply.id);
  });
});

describe("staff only", () => {
  it("refuses the queue, every moderation action and the audit log to everyone but moderators and admins", async () => {
    const { thread, post } = await question(alice);
    const endpoints: [string, string, unknown?][] = [
      ["GET", "/api/v1/mod/queue"],
      ["POST", "/api/v1/mod/queue", { action: "approve", items: [`pending:${post.id}`] }],
      ["GET", "/api/v1/mod/audit"],
      ["GET", "/api/v1/mod/health"],
      ["GET", "/api/v1/mod/canned-replies"],
      ["POST", "/api/v1/mod/canned-replies", { title: "x", body: "y" }],
      ...["approve", "reject", "hide", "unhide", "dismiss"].map((op): [string, string, unknown] => ["POST", `/api/v1/mod/posts/${post.id}/${op}`, {}]),
      ...["lock", "unlock", "pin", "unpin", "close", "reopen", "hide", "unhide"].map((op): [string, string, unknown] => ["POST", `/api/v1/mod/threads/${thread.id}/${op}`, {}]),
      ["POST", `/api/v1/mod/threads/${thread.id}/move`, { categoryId: gettingStarted }],
      ["POST", `/api/v1/mod/threads/${thread.id}/merge`, { intoThreadId: 1 }],
      ["POST", `/api/v1/mod/threads/${thread.id}/split`, { postIds: [post.id], title: "Split off" }],
      ["POST", `/api/v1/mod/threads/${thread.id}/duplicate`, { ofThreadId: 1 }],
      ...["suspend", "reinstate", "silence", "warn", "trust", "review"].map((op): [string, string, unknown] => ["POST", `/api/v1/mod/users/bob/${op}`, { until: new Date(Date.now() + 86_400_000).toISOString(), reason: "x", message: "x", level: 1 }]),
    ];
    const before = await auditCount();
    for (const [who, client, expected] of [["alice", alice, 403], ["pete", pete, 403], ["sam", sam, 403], ["anonymous", anon, 401]] as const) {
      for (const [method, path, body] of endpoints) {
        const res = await client.request(method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(expected);
      }
    }
    expect(await auditCount()).toBe(before);
    expect((await mia.get("/api/v1/mod/queue")).status).toBe(200);
    expect((await ada.get("/api/v1/mod/audit")).status).toBe(200);
  });
});

describe("thread surgery", () => {
  it("merges a thread into another keeping every post exactly once, in order, and redirects", async () => {
    const target = await question(alice, "Export to CSV fails");
    await bob.post(`/api/v1/threads/${target.thread.id}/posts`, { body: "Target reply 1" });
    const source = await question(carol, "CSV export broken?");
    const sourceReplies = [];
    for (const body of ["Source reply 1", "Source reply 2"]) sourceReplies.push((await bob.post(`/api/v1/threads/${source.thread.id}/posts`, { body })).body.post.id);
    const accepted = sourceReplies[0];
    await carol.post(`/api/v1/posts/${accepted}/accept`);

    const merged = await mia.post(`/api/v1/mod/threads/${source.thread.id}/merge`, { intoThreadId: target.thread.id, reason: "Same problem" });
    expect(merged.status).toBe(200);
    expect(merged.body.movedPosts).toBe(3);

    const page = await anon.get(`/api/v1/threads/${target.thread.id}`);
    const bodies = page.body.posts.map((p: { html: string }) => p.html.replace(/<[^>]+>|\n/g, ""));
    expect(bodies).toEqual(["How does this work?", "Target reply 1", "How does this work?", "Source reply 1", "Source reply 2"]);
    expect(page.body.posts.map((p: { number: number }) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(page.body.posts.map((p: { author: { handle: string } }) => p.author.handle)).toEqual(["alice", "bob", "carol", "bob", "bob"]);
    expect(page.body.thread.postCount).toBe(5);
    const ids = await t.app.db.selectFrom("posts").select("id").where("id", "in", [source.post.id, ...sourceReplies]).where("thread_id", "=", target.thread.id).execute();
    expect(ids).toHaveLength(3);

    const old = await anon.get(`/api/v1/threads/${source.thread.id}`);
    expect(old.body.thread.mergedIntoId).toBe(target.thread.id);
    const html = await fetch(`${t.baseUrl}/t/${source.thread.id}`, { redirect: "manual" });
    expect(html.status).toBe(301);
    expect(html.headers.get("location")).toBe(`/t/${target.thread.id}`);
    expect((await mia.post(`/api/v1/mod/threads/${source.thread.id}/merge`, { intoThreadId: target.thread.id })).status).toBe(409);
  });

  it("locks, pins, moves, splits and marks duplicates", async () => {
    const { thread } = await question(alice, "Original question");
    const r1 = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "On topic" })).body.post;
    const r2 = (await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "A different problem" })).body.post;
    const r3 = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "About that different problem" })).body.post;

    expect((await mia.post(`/api/v1/mod/threads/${thread.id}/lock`, { reason: "Answered" })).body.thread.status).toBe("locked");
    expect((await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "late" })).status).toBe(403);
    expect((await mia.post(`/api/v1/mod/threads/${thread.id}/unlock`)).body.thread.status).toBe("open");
    expect((await mia.post(`/api/v1/mod/threads/${thread.id}/pin`)).body.thread.pinned).toBe(true);
    const first = (await anon.get("/api/v1/threads?limit=1")).body.threads[0];
    expect(first.id).toBe(thread.id);
    await mia.post(`/api/v1/mod/threads/${thread.id}/unpin`);

    expect((await mia.post(`/api/v1/mod/threads/${thread.id}/move`, { categoryId: ideas })).status).toBe(422);
    expect((await mia.post(`/api/v1/mod/threads/${thread.id}/move`, { categoryId: gettingStarted })).body.thread.categoryId).toBe(gettingStarted);

    const split = await mia.post(`/api/v1/mod/threads/${thread.id}/split`, { postIds: [r3.id, r2.id], title: "A different problem" });
    expect(split.status).toBe(201);
    const fresh = await anon.get(`/api/v1/threads/${split.body.thread.id}`);
    expect(fresh.body.posts.map((p: { id: number }) => p.id)).toEqual([r2.id, r3.id]);
    expect(fresh.body.posts[0].author.handle).toBe("carol");
    const rest = await anon.get(`/api/v1/threads/${thread.id}`);
    expect(rest.body.posts.map((p: { id: number }) => p.id)).toEqual([expect.any(Number), r1.id]);
    expect(rest.body.thread.postCount).toBe(2);

    const dup = await question(carol, "Original question again");
    const marked = await mia.post(`/api/v1/mod/threads/${dup.thread.id}/duplicate`, { ofThreadId: thread.id });
    expect(marked.body.thread).toMatchObject({ status: "closed", duplicateOfId: thread.id });
    expect((await alice.post(`/api/v1/threads/${dup.thread.id}/posts`, { body: "x" })).status).toBe(403);

    await mia.post(`/api/v1/mod/threads/${dup.thread.id}/hide`);
    expect((await alice.get(`/api/v1/threads/${dup.thread.id}`)).status).toBe(404);
  });
});

describe("thread page moderator tools (plain form posts)", () => {
  it("splits the ticked replies into a new thread and redirects there", async () => {
    const { thread } = await question(alice, "Mixed topics");
    const keep = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "On topic" })).body.post;
    const a = (await carol.post(`/api/v1/threads/${thread.id}/posts`, { body: "Unrelated one" })).body.post;
    const b = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Unrelated two" })).body.post;
    const form = new URLSearchParams([["intent", "mod-split"], ["title", "The unrelated topic"], ["postIds", String(a.id)], ["postIds", String(b.id)]]);
    const res = await fetch(`${t.baseUrl}/t/${thread.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: mia.cookieHeader, Origin: t.baseUrl },
      body: form,
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/t\/\d+$/);
    const created = await anon.get(`/api/v1/threads/${location.split("/").pop()}`);
    expect(created.body.thread.title).toBe("The unrelated topic");
    expect(created.body.posts.map((p: { id: number }) => p.id)).toEqual([a.id, b.id]);
    expect((await anon.get(`/api/v1/threads/${thread.id}`)).body.posts.map((p: { id: number }) => p.id)).toEqual([expect.any(Number), keep.id]);

    // The same form from a member is refused and changes nothing.
    const refused = await fetch(`${t.baseUrl}/t/${thread.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: alice.cookieHeader, Origin: t.baseUrl },
      body: new URLSearchParams([["intent", "mod-split"], ["title", "Nope"], ["postIds", String(keep.id)]]),
    });
    expect(refused.status).toBe(403);
  });
});

describe("users", () => {
  it("silences (no posting, reading fine), warns privately, and reinstates", async () => {
    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await mia.post("/api/v1/mod/users/carol/silence", { until, reason: "Cool down" })).status).toBe(200);
    const refused = await carol.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title: "Silenced?", body: "x" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/silenced/);
    expect((await carol.get("/api/v1/threads?limit=1")).status).toBe(200);
    expect((await mia.post("/api/v1/mod/users/carol/warn", { message: "Please keep it civil." })).status).toBe(200);
    expect((await carol.get("/api/v1/notifications")).body.notifications[0]).toMatchObject({ kind: "warning", data: { message: "Please keep it civil." } });
    expect((await mia.post("/api/v1/mod/users/carol/reinstate")).status).toBe(200);
    expect((await question(carol)).post.status).toBe("visible");
    expect((await mia.post("/api/v1/mod/users/mia/silence", { until, reason: "x" })).status).toBe(403);
    expect((await mia.post("/api/v1/mod/users/ada/warn", { message: "x" })).status).toBe(403);
  });

  it("lists new sign-ups in the queue until reviewed", async () => {
    const { handle } = await newcomer();
    const queue = await mia.get("/api/v1/mod/queue?kind=signup");
    const item = queue.body.items.find((i: { user: { handle: string } }) => i.user.handle === handle);
    expect(item).toMatchObject({ kind: "signup", postId: null, reasons: expect.arrayContaining(["new_signup"]) });
    const bulk = await mia.post("/api/v1/mod/queue", { action: "review", items: [item.id] });
    expect(bulk.body.results).toEqual([{ item: item.id, ok: true }]);
    expect((await mia.get("/api/v1/mod/queue?kind=signup")).body.items.some((i: { id: string }) => i.id === item.id)).toBe(false);
  });
});

describe("audit log", () => {
  it("writes exactly one row per moderator action, readable and filterable by staff", async () => {
    const { thread } = await question(alice, "Audit me");
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "reply" })).body.post;
    const { client: newbie } = await newcomer();
    const held = await question(newbie);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const actions: [string, unknown?][] = [
      [`/api/v1/mod/threads/${thread.id}/lock`, { reason: "because" }],
      [`/api/v1/mod/threads/${thread.id}/unlock`],
      [`/api/v1/mod/threads/${thread.id}/pin`],
      [`/api/v1/mod/threads/${thread.id}/unpin`],
      [`/api/v1/mod/posts/${reply.id}/hide`, { reason: "rude" }],
      [`/api/v1/mod/posts/${reply.id}/unhide`],
      [`/api/v1/mod/posts/${held.post.id}/approve`],
      ["/api/v1/mod/users/bob/warn", { message: "hi" }],
      ["/api/v1/mod/users/bob/silence", { until, reason: "x" }],
      ["/api/v1/mod/users/bob/reinstate"],
      ["/api/v1/mod/users/bob/trust", { level: 2 }],
    ];
    for (const [path, body] of actions) {
      const before = await auditCount();
      const res = await mia.post(path, body ?? {});
      expect(res.status, path).toBe(200);
      expect(await auditCount(), path).toBe(before + 1);
    }
    const log = await ada.get(`/api/v1/mod/audit?targetType=thread&targetId=${thread.id}`);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(["thread.unpin", "thread.pin", "thread.unlock", "thread.lock"]);
    expect(log.body.entries[3]).toMatchObject({ actor: "mia", targetType: "thread", targetId: thread.id, reason: "because", createdAt: expect.any(String) });
    expect((await ada.get("/api/v1/mod/audit?actor=mia&action=user.")).body.entries.every((e: { action: string }) => e.action.startsWith("user."))).toBe(true);
  });
});

describe("live moderation", () => {
  it("removes a hidden post from open thread pages at once and tells moderators the queue changed", async () => {
    const { thread } = await question(alice);
    const reply = (await bob.post(`/api/v1/threads/${thread.id}/posts`, { body: "Something rude" })).body.post;
    const reader = openSocket(t.baseUrl, { as: carol });
    const moderator = openSocket(t.baseUrl, { as: mia });
    const member = openSocket(t.baseUrl, { as: alice });
    await Promise.all([connected(reader), connected(moderator), connected(member)]);
    expect(await reader.join(thread.id)).toEqual({ ok: true });

    await mia.post(`/api/v1/mod/posts/${reply.id}/hide`, { reason: "rude" });
    expect(await reader.next("post:hidden")).toEqual({ threadId: thread.id, postId: reply.id });

    const { client: newbie } = await newcomer();
    await question(newbie);
    expect(await moderator.next("queue:changed", (p: { reason: string }) => p.reason === "held")).toEqual({ reason: "held" });
    await member.flush();
    expect(member.received.some((r) => r.name === "queue:changed")).toBe(false);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a client exceeds the login budget", async () => {
    const limited = await startTestServer({ rateLimits: true });
    try {
      const client = new ApiClient(limited.baseUrl);
      let res;
      for (let i = 0; i < 21; i++) res = await client.post("/api/v1/session", { handle: "alice", password: "wrong" });
      expect(res!.status).toBe(429);
      expect(res!.body.error.code).toBe("rate_limited");
      expect(Number(res!.headers.get("retry-after"))).toBeGreaterThan(0);
      // Search has its own budget per client.
      expect((await client.get("/api/v1/search?q=export")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
