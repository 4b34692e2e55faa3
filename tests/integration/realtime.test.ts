import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeById } from "../../app/realtime/live-posts";
import { initialLiveThreadState, liveThreadReducer, visibleReplies, type LiveThreadState } from "../../app/realtime/live-thread-state";
import type { PostEvent } from "../../app/realtime/protocol";
import { toPostPayload, type PostView } from "../../app/services/community/views";
import { selectPosts } from "../../app/services/community/queries";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, connected, openSocket, type TestSocket } from "../helpers/sockets";

let t: TestServer;
let alice: ApiClient, bob: ApiClient, carol: ApiClient, mia: ApiClient, anon: ApiClient;
let howDoI: number;

// The joins budget is raised so the room cap (20) can be reached within one window.
const JOINS_PER_WINDOW = 25;

beforeAll(async () => {
  t = await startTestServer({ realtime: "postgres", realtimeLimits: { joinsPerWindow: JOINS_PER_WINDOW, presenceThrottleMs: 100 } });
  [alice, bob, carol, mia] = await Promise.all(["alice", "bob", "carol", "mia"].map((h) => new ApiClient(t.baseUrl).login(h)));
  anon = new ApiClient(t.baseUrl);
  const { body } = await anon.get("/api/v1/categories");
  howDoI = body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
});
afterAll(async () => {
  closeAllSockets();
  await t?.close();
});

// Every body is unique: moderation holds a post that repeats a recent one for review.
let written = 0;
const unique = (text: string) => `${text} (note ${++written})`;

async function ask(client: ApiClient = alice, title = "How do I export invoices?") {
  const res = await client.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body: unique("Monthly, as CSV.") });
  expect(res.status, res.text).toBe(201);
  return res.body as { thread: { id: number }; post: { id: number } };
}

async function reply(client: ApiClient, threadId: number, body: string) {
  const res = await client.post(`/api/v1/threads/${threadId}/posts`, { body: unique(body) });
  expect(res.status, res.text).toBe(201);
  return res.body.post as { id: number; html: string; number: number };
}

/** What the moderation service announces when it hides a thread (simulated: row + event). */
async function hideThread(threadId: number) {
  await t.app.db.updateTable("threads").set({ hidden: true }).where("id", "=", threadId).execute();
  t.app.events.publish({ type: "thread:updated", threadId, changes: { hidden: true } });
}

async function joined(client: ApiClient | undefined, threadId: number): Promise<TestSocket> {
  const s = openSocket(t.baseUrl, { as: client });
  await connected(s);
  expect(await s.join(threadId)).toEqual({ ok: true });
  return s;
}

const postEvents = (s: TestSocket, name = "post:created") => s.received.filter((r) => r.name === name).map((r) => r.payload as unknown as PostEvent);

describe("live threads", () => {
  it("shows a reply to two readers within a second, with the stored sanitized HTML", async () => {
    const { thread } = await ask();
    const [readerA, readerB] = await Promise.all([joined(bob, thread.id), joined(undefined, thread.id)]);
    const waits = [readerA, readerB].map((r) => r.next<PostEvent>("post:created", (p) => p.threadId === thread.id, 5_000));

    const posted = await reply(carol, thread.id, "Use **Billing → Export**. <script>alert(1)</script>");
    const sentAt = Date.now();
    const events = await Promise.all(waits);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    for (const event of events) {
      expect(event).toMatchObject({ threadId: thread.id, postId: posted.id, post: { id: posted.id, html: posted.html, author: { handle: "carol" }, status: "visible" } });
      expect(event.post.html).not.toContain("<script");
    }
    readerA.close();
    readerB.close();
  });

  it("lets anonymous readers join public threads and gives signed-in sockets their identity", async () => {
    const { thread } = await ask();
    const reader = await joined(undefined, thread.id);
    expect(await reader.socket.timeout(2_000).emitWithAck("health")).toEqual({ ok: true, user: null });
    const member = await joined(bob, thread.id);
    expect(await member.socket.timeout(2_000).emitWithAck("health")).toMatchObject({ ok: true, user: { handle: "bob" } });
    reader.close();
    member.close();
  });

  it("authenticates an API token sent in `auth`, and refuses a bad one", async () => {
    const ada = await new ApiClient(t.baseUrl).login("ada");
    const token = (await ada.post("/api/v1/admin/tokens", { handle: "sam", name: "live feed" })).body.token.secret as string;
    const bySocket = openSocket(t.baseUrl, { auth: { token } });
    await connected(bySocket);
    expect(await bySocket.socket.timeout(2_000).emitWithAck("health")).toMatchObject({ user: { handle: "sam" } });
    const refused = openSocket(t.baseUrl, { auth: { token: "glt_not-a-token" } });
    await expect(connected(refused)).rejects.toThrow(/invalid, expired or revoked/);
    bySocket.close();
    refused.close();
  });

  it("applies edits, votes, accepted answers and hidden posts as events with ids", async () => {
    const { thread } = await ask();
    const reader = await joined(undefined, thread.id);
    const answer = await reply(bob, thread.id, "Try the CSV button.");
    await reader.next("post:created");

    expect((await bob.patch(`/api/v1/posts/${answer.id}`, { body: "Try the **CSV** button." })).status).toBe(200);
    expect(await reader.next<PostEvent>("post:updated")).toMatchObject({ threadId: thread.id, postId: answer.id, post: { html: expect.stringContaining("<strong>CSV</strong>") } });

    expect((await carol.post(`/api/v1/posts/${answer.id}/votes`)).status).toBe(200);
    expect(await reader.next("vote:changed")).toEqual({ threadId: thread.id, postId: answer.id, voteCount: 1 });

    expect((await alice.post(`/api/v1/posts/${answer.id}/accept`)).status).toBe(200);
    expect(await reader.next("answer:accepted")).toEqual({ threadId: thread.id, postId: answer.id });

    // Moderation (built elsewhere) announces a hidden post like this once its row is hidden.
    await t.app.db.updateTable("posts").set({ status: "hidden" }).where("id", "=", answer.id).execute();
    t.app.events.publish({ type: "post:hidden", threadId: thread.id, postId: answer.id });
    expect(await reader.next("post:hidden")).toEqual({ threadId: thread.id, postId: answer.id });
    reader.close();
  });

  it("sends `notification` to the user's own room without any join", async () => {
    const { thread } = await ask(alice, "Who gets notified?");
    const aliceSocket = openSocket(t.baseUrl, { as: alice });
    await connected(aliceSocket);
    await reply(bob, thread.id, "Alice follows her own question.");
    expect(await aliceSocket.next("notification")).toMatchObject({ kind: "reply", unread: expect.any(Number), notificationId: expect.any(Number) });
    aliceSocket.close();
  });
});

describe("who may see what", () => {
  it("refuses to join a hidden thread (like one that does not exist) and sends nothing about it", async () => {
    const { thread } = await ask();
    await hideThread(thread.id);
    const reader = openSocket(t.baseUrl, { as: bob });
    await connected(reader);
    expect(await reader.join(thread.id)).toEqual({ error: { code: "not_found", message: "No such thread." } });
    expect(await reader.join(999_999)).toEqual({ error: { code: "not_found", message: "No such thread." } });
    expect(await reader.join("7" as unknown as number)).toMatchObject({ error: { code: "bad_request" } });

    // Staff may follow it; their reply reaches them and nobody else.
    const staff = await joined(mia, thread.id);
    await reply(mia, thread.id, "Hidden while we check this.");
    await staff.next("post:created");
    await reader.flush();
    expect(reader.received.filter((r) => r.name !== "presence")).toEqual([]);
    reader.close();
    staff.close();
  });

  it("tells readers once when the thread they are on is hidden, removes them, and sends nothing after", async () => {
    const { thread } = await ask();
    const [member, anonymous, staff] = await Promise.all([joined(bob, thread.id), joined(undefined, thread.id), joined(mia, thread.id)]);
    await reply(carol, thread.id, "Before the hide.");
    await Promise.all([member, anonymous, staff].map((s) => s.next("post:created")));

    await hideThread(thread.id);
    for (const reader of [member, anonymous]) {
      expect(await reader.next("thread:updated")).toEqual({ threadId: thread.id, changes: { hidden: true } });
    }
    expect(await staff.next("thread:updated")).toEqual({ threadId: thread.id, changes: { hidden: true } });

    // Staff keep working in the hidden thread; readers hear nothing of it.
    await reply(mia, thread.id, "After the hide: staff only.");
    expect((await staff.next<PostEvent>("post:created")).post.html).toContain("staff only");
    t.app.events.publish({ type: "vote:changed", threadId: thread.id, postId: null, voteCount: 3 });
    await staff.next("vote:changed");
    for (const reader of [member, anonymous]) {
      await reader.flush();
      const names = reader.received.map((r) => r.name);
      expect(names.slice(names.indexOf("thread:updated"))).toEqual(["thread:updated"]);
      expect(names.filter((n) => n === "thread:updated")).toHaveLength(1);
    }
    const inRoom = await t.server.io.in(`thread:${thread.id}`).fetchSockets();
    expect(inRoom.map((s) => s.id)).toEqual([staff.socket.id]);
    // And they cannot come back.
    expect(await member.join(thread.id)).toMatchObject({ error: { code: "not_found" } });
    for (const s of [member, anonymous, staff]) s.close();
  });

  it("never sends a post held for review to other readers, only to its author and staff", async () => {
    const { thread } = await ask();
    const [reader, author, staff] = await Promise.all([joined(bob, thread.id), joined(carol, thread.id), joined(mia, thread.id)]);
    const carolId = (await carol.get("/api/v1/me")).body.user.id as number;

    // A pending reply, as the moderation work will publish it: stored, then announced.
    const inserted = await t.app.db
      .insertInto("posts")
      .values({ thread_id: thread.id, author_id: carolId, number: 2, body_md: "Buy cheap watches", body_html: "<p>Buy cheap watches</p>", status: "pending" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.app.db.updateTable("threads").set({ post_count: 2 }).where("id", "=", thread.id).execute();
    const row = await selectPosts(t.app.db).where("posts.id", "=", inserted.id).executeTakeFirstOrThrow();
    t.app.events.publish({ type: "post:created", threadId: thread.id, postId: row.id, post: toPostPayload(row) });

    expect((await author.next<PostEvent>("post:created")).post).toMatchObject({ id: row.id, status: "pending" });
    expect((await staff.next<PostEvent>("post:created")).post).toMatchObject({ id: row.id, status: "pending" });
    const visible = await reply(alice, thread.id, "A visible reply after it.");
    expect((await reader.next<PostEvent>("post:created")).postId).toBe(visible.id);
    expect(postEvents(reader).map((e) => e.postId)).toEqual([visible.id]);

    // The catch-up endpoint agrees: the reader never sees it, its author does.
    const forReader = await bob.get(`/api/v1/threads/${thread.id}/posts?afterId=0`);
    expect(forReader.body.posts.map((p: { id: number }) => p.id)).not.toContain(row.id);
    const forAuthor = await carol.get(`/api/v1/threads/${thread.id}/posts?afterId=0`);
    expect(forAuthor.body.posts.map((p: { id: number }) => p.id)).toContain(row.id);
    for (const s of [reader, author, staff]) s.close();
  });
});

describe("catching up after a disconnect", () => {
  it("gives a reader who was away every one of the 10 replies exactly once, in order", async () => {
    const { thread, post: opening } = await ask();
    const reader = openSocket(t.baseUrl, { as: bob });
    await connected(reader);
    expect(await reader.join(thread.id)).toEqual({ ok: true });
    // What the page holds: the opening post (from rendering). Its catch-up cursor is its highest id.
    let shown = mergeById([{ id: opening.id, number: 1 }]);
    const cursor = opening.id;

    reader.socket.disconnect();
    const missed: number[] = [];
    for (let i = 1; i <= 10; i++) missed.push((await reply(i % 2 ? carol : alice, thread.id, `Reply ${i} while bob is away`)).id);

    reader.socket.connect();
    await connected(reader);
    expect(await reader.join(thread.id)).toEqual({ ok: true });
    // One more reply arrives live before the catch-up answers: it must not appear twice.
    const live = await reply(carol, thread.id, "Reply 11, live");
    const liveEvent = await reader.next<PostEvent>("post:created", (p) => p.postId === live.id);
    shown = mergeById(shown, [liveEvent.post]);

    const caughtUp = await bob.get(`/api/v1/threads/${thread.id}/posts?afterId=${cursor}`);
    expect(caughtUp.status).toBe(200);
    expect(caughtUp.body.next).toBeNull();
    shown = mergeById(shown, caughtUp.body.posts);

    expect(shown.map((p) => p.id)).toEqual([opening.id, ...missed, live.id]);
    expect(shown.map((p) => p.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(postEvents(reader).map((e) => e.postId)).toEqual([live.id]);
    reader.close();
  });

  it("pages the catch-up with `next`, checks the thread like the page does and validates input", async () => {
    const { thread } = await ask();
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await reply(carol, thread.id, `Reply ${i}`)).id);
    const first = await anon.get(`/api/v1/threads/${thread.id}/posts?afterId=${ids[0]}&limit=2`);
    expect(first.body.posts.map((p: { id: number }) => p.id)).toEqual(ids.slice(1, 3));
    expect(first.body.next).toBe(ids[2]);
    expect(first.body.posts[0]).toMatchObject({ author: { handle: "carol" }, status: "visible", viewer: { canVote: false } });
    const rest = await anon.get(`/api/v1/threads/${thread.id}/posts?afterId=${first.body.next}&limit=2`);
    expect(rest.body.posts.map((p: { id: number }) => p.id)).toEqual(ids.slice(3));
    expect(rest.body.next).toBeNull();
    const forBob = await bob.get(`/api/v1/threads/${thread.id}/posts?afterId=${ids[3]}`);
    expect(forBob.body.posts[0].viewer).toMatchObject({ voted: false, canVote: true, canEdit: false });

    expect((await anon.get(`/api/v1/threads/${thread.id}/posts?limit=500`)).status).toBe(422);
    expect((await anon.get(`/api/v1/threads/${thread.id}/posts?afterId=-1`)).status).toBe(422);
    expect((await anon.get(`/api/v1/threads/abc/posts`)).status).toBe(422);
    await hideThread(thread.id);
    expect((await bob.get(`/api/v1/threads/${thread.id}/posts?afterId=0`)).status).toBe(404);
    expect((await mia.get(`/api/v1/threads/${thread.id}/posts?afterId=0`)).status).toBe(200);
  });
});

describe("connections and limits", () => {
  it("refuses browsers from other origins and accepts our own", async () => {
    for (const transports of [["websocket"], ["polling"]] as const) {
      const evil = openSocket(t.baseUrl, { headers: { origin: "https://evil.example" }, transports: [...transports] });
      await expect(connected(evil)).rejects.toThrow();
      evil.close();
    }
    const own = openSocket(t.baseUrl, { headers: { origin: t.baseUrl } });
    await connected(own);
    own.close();
  });

  it("caps a socket at 20 thread rooms", async () => {
    const threads = [];
    for (let i = 0; i < 21; i++) threads.push((await ask(alice, `Capacity question ${i}`)).thread.id);
    const s = openSocket(t.baseUrl);
    await connected(s);
    for (const id of threads.slice(0, 20)) expect(await s.join(id)).toEqual({ ok: true });
    expect(await s.join(threads[20]!)).toMatchObject({ error: { code: "too_many_rooms" } });
    // Leaving frees a place.
    expect(await s.leave(threads[0]!)).toEqual({ ok: true });
    expect(await s.join(threads[20]!)).toEqual({ ok: true });
    s.close();
  });

  it("limits join attempts per socket", async () => {
    const { thread } = await ask();
    const s = openSocket(t.baseUrl);
    await connected(s);
    const replies = [];
    for (let i = 0; i <= JOINS_PER_WINDOW; i++) replies.push(await s.join(thread.id));
    expect(replies.slice(0, JOINS_PER_WINDOW).every((r) => "ok" in r)).toBe(true);
    expect(replies[JOINS_PER_WINDOW]).toMatchObject({ error: { code: "rate_limited" } });
    s.close();
  });

  it("relays typing from members to the others, at most once per 2 s per socket, never from anonymous readers", async () => {
    const { thread } = await ask();
    const [writer, reader, anonymous] = await Promise.all([joined(bob, thread.id), joined(carol, thread.id), joined(undefined, thread.id)]);
    writer.socket.emit("typing", { threadId: thread.id });
    writer.socket.emit("typing", { threadId: thread.id });
    anonymous.socket.emit("typing", { threadId: thread.id });
    expect(await reader.next("typing")).toEqual({ threadId: thread.id, user: { handle: "bob" } });
    // A later event through the same queue proves the dropped ones are not merely late.
    await reply(alice, thread.id, "Ordering marker");
    await Promise.all([reader.next("post:created"), writer.next("post:created")]);
    expect(reader.received.filter((r) => r.name === "typing")).toHaveLength(1);
    expect(writer.received.filter((r) => r.name === "typing")).toHaveLength(0);
    // Not joined: dropped.
    const outsider = openSocket(t.baseUrl, { as: alice });
    await connected(outsider);
    outsider.socket.emit("typing", { threadId: thread.id });
    await outsider.flush();
    for (const s of [writer, reader, anonymous, outsider]) s.close();
  });

  it("counts the readers of a thread as they come and go", async () => {
    const { thread } = await ask();
    const first = await joined(undefined, thread.id);
    expect(await first.next("presence", (p) => p.count === 1)).toEqual({ threadId: thread.id, count: 1 });
    const second = await joined(bob, thread.id);
    await Promise.all([first.next("presence", (p) => p.count === 2), second.next("presence", (p) => p.count === 2)]);
    second.close();
    await first.next("presence", (p) => p.count === 1);
    expect(await first.leave(thread.id)).toEqual({ ok: true });
    first.close();
  });
});

describe("the live page's bookkeeping (app/realtime/live-thread-state)", () => {
  const post = (id: number, number: number, authorId = 2): PostView => ({
    id,
    number,
    threadId: 1,
    author: { id: authorId, handle: `user${authorId}` },
    html: `<p>${id}</p>`,
    status: "visible",
    replyToId: null,
    voteCount: 0,
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: null,
    revision: 1,
    viewer: { voted: false, canVote: true, canEdit: false, canAccept: false, canFlag: true, canModerate: false },
  });
  const arrive = (state: LiveThreadState, posts: PostView[], shown: number[], atEnd = true, viewerId = 1) =>
    liveThreadReducer(state, { type: "arrived", posts, shown: new Set(shown), atEnd, viewerId });

  it("shows each post once whether it came with the page, the socket or a catch-up", () => {
    const page = [post(10, 2), post(11, 3)];
    let state = arrive(initialLiveThreadState, [post(11, 3), post(12, 4)], [10, 11]);
    state = arrive(state, [post(12, 4), post(13, 5)], [10, 11]);
    expect(visibleReplies(page, state).map((p) => p.id)).toEqual([10, 11, 12, 13]);
    expect(state.fresh).toEqual([12, 13]);
    // The redirect after posting renders 12 and 13 itself: they leave the live list.
    state = liveThreadReducer(state, { type: "page-rendered", shown: new Set([10, 11, 12, 13]) });
    expect(state.arrived).toEqual([]);
    expect(visibleReplies([...page, post(12, 4), post(13, 5)], state).map((p) => p.id)).toEqual([10, 11, 12, 13]);
  });

  it("counts others' replies as unseen only while the reader is scrolled away, and removes hidden ones", () => {
    let state = arrive(initialLiveThreadState, [post(20, 2)], [], true);
    state = arrive(state, [post(21, 3), post(22, 4, 1)], [], false);
    expect(state.unseen).toEqual([21]);
    state = liveThreadReducer(state, { type: "removed", postId: 21 });
    expect(state.unseen).toEqual([]);
    expect(visibleReplies([], state).map((p) => p.id)).toEqual([20, 22]);
    // A hidden post that a late catch-up still carries does not come back.
    expect(visibleReplies([], arrive(state, [post(21, 3)], [])).map((p) => p.id)).toEqual([20, 22]);
    state = liveThreadReducer(state, { type: "patched", postId: 20, patch: { voteCount: 4 } });
    expect(visibleReplies([], state)[0]!.voteCount).toBe(4);
    expect(liveThreadReducer(state, { type: "gone" })).toMatchObject({ gone: true, arrived: [] });
  });
});
