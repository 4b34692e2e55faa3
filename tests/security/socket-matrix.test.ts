/**
 * The authorization matrix of the live layer: every event a client may send and every event the
 * server pushes, against every persona, in one table. The table is checked against the event
 * lists of app/realtime/protocol.ts: an event added there without a row here fails this test.
 *
 * What a client sends is decided by the guardian on the socket's identity (joins of hidden
 * threads, typing by those who may reply); what the server pushes goes to rooms whose membership
 * the guardian decided (a thread's readers, a user's own sockets, staff, those who run the harvest).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_EVENT_NAMES, SERVER_EVENT_NAMES } from "../../app/realtime/protocol";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, connected, openSocket, type TestSocket } from "../helpers/sockets";
import { castAndProps, PERSONA_HANDLES, PERSONAS, type Persona, type Props, type TokenPersona } from "./matrix-fixtures";

type Group = readonly Persona[];
const minus = (group: Group, ...out: Persona[]): Group => group.filter((p) => !out.includes(p));
/** Everyone whose socket connects: a revoked token's handshake is refused. */
const CONNECTED = minus(PERSONAS, "revokedToken");
const STAFF: Group = ["moderator", "admin"];
/** Who may reply, so whose typing is worth telling (suspended accounts and visitors may not). */
const REPLIERS = minus(CONNECTED, "anonymous", "suspended");

/** Who may send each client event, and with what outcome for the others. */
const CLIENT_EVENTS: Record<(typeof CLIENT_EVENT_NAMES)[number], string> = {
  "thread:join": "public thread: everyone connected; hidden thread: staff only, the rest get not_found; malformed ids: bad_request for all",
  "thread:leave": "anyone, for a room they are in (malformed ids: bad_request)",
  typing: "fanned out only for those who may reply (not visitors, not the suspended), and only in a joined thread",
  health: "anyone connected: answers who the server thinks the socket is",
};

/** Which room each pushed event goes to; the rooms' membership is what this test checks. */
const SERVER_EVENTS: Record<(typeof SERVER_EVENT_NAMES)[number], "thread" | "user" | "staff" | "harvest" | "socket"> = {
  "post:created": "thread",
  "post:updated": "thread",
  "post:hidden": "thread",
  "vote:changed": "thread",
  "answer:accepted": "thread",
  "thread:updated": "thread",
  typing: "thread",
  presence: "thread",
  notification: "user",
  "queue:changed": "staff",
  "harvest:progress": "harvest",
  resync: "socket",
};

let t: TestServer;
let clients: Record<Persona, ApiClient>;
let tokens: Record<TokenPersona, string>;
let props: Props;
const sockets = {} as Record<Persona, TestSocket>;

function socketFor(persona: Persona): TestSocket {
  if (persona === "suspended" || persona === "apiToken" || persona === "revokedToken") return openSocket(t.baseUrl, { auth: { token: tokens[persona] } });
  return openSocket(t.baseUrl, { as: persona === "anonymous" ? undefined : clients[persona] });
}

/** Where each socket's record stands now: what arrives later is read with `since`. */
const marks = () => Object.fromEntries(CONNECTED.map((p) => [p, sockets[p].received.length])) as Record<Persona, number>;
const since = (mark: Record<Persona, number>, persona: Persona) => sockets[persona].received.slice(mark[persona]);

type Ack = { ok: true } | { error: { code: string; message: string } };
const outcome = (ack: Ack) => ("ok" in ack ? "ok" : ack.error.code);

beforeAll(async () => {
  t = await startTestServer();
  ({ clients, tokens, props } = await castAndProps(t));
}, 120_000);
afterAll(async () => {
  closeAllSockets();
  await t?.close();
});

describe("the live layer's authorization matrix", () => {
  it("has a row for every client and server event of the protocol", () => {
    expect(Object.keys(CLIENT_EVENTS).sort()).toEqual([...CLIENT_EVENT_NAMES].sort());
    expect(Object.keys(SERVER_EVENTS).sort()).toEqual([...SERVER_EVENT_NAMES].sort());
  });

  it("connects every persona as itself, and refuses a revoked token's handshake", async () => {
    await expect(connected(socketFor("revokedToken"))).rejects.toThrow(/revoked/);
    for (const persona of CONNECTED) {
      sockets[persona] = socketFor(persona);
      await connected(sockets[persona]);
      const reply = (await sockets[persona].socket.timeout(5_000).emitWithAck("health")) as { user: { handle: string } | null };
      expect(reply.user?.handle ?? null, persona).toBe(PERSONA_HANDLES[persona]);
    }
  });

  it("lets everyone join a public thread, only staff a hidden one, and nobody with a malformed id", async () => {
    const wrong: string[] = [];
    for (const persona of CONNECTED) {
      const s = sockets[persona];
      const publicJoin = outcome((await s.join(props.threadId)) as Ack);
      if (publicJoin !== "ok") wrong.push(`${persona} public: ${publicJoin}`);
      const hiddenJoin = outcome((await s.join(props.hiddenThreadId)) as Ack);
      const expected = STAFF.includes(persona) ? "ok" : "not_found";
      if (hiddenJoin !== expected) wrong.push(`${persona} hidden: ${hiddenJoin}, expected ${expected}`);
      for (const bad of [2 ** 31, -1, 1.5, "1", null]) {
        const reply = outcome((await s.socket.timeout(5_000).emitWithAck("thread:join", { threadId: bad as number })) as Ack);
        if (reply !== "bad_request") wrong.push(`${persona} join ${String(bad)}: ${reply}`);
      }
      const leave = outcome((await s.socket.timeout(5_000).emitWithAck("thread:leave", { threadId: "x" as unknown as number })) as Ack);
      if (leave !== "bad_request") wrong.push(`${persona} leave "x": ${leave}`);
    }
    expect(wrong).toEqual([]);
  });

  it("tells a thread's readers who is typing only for those who may reply", async () => {
    const observer = openSocket(t.baseUrl, { as: await new ApiClient(t.baseUrl).login("bob") });
    await connected(observer);
    expect(await observer.join(props.threadId)).toEqual({ ok: true });
    const typingOf = (handle: string) => (p: { user: { handle: string } }) => p.user.handle === handle;
    for (const persona of REPLIERS) {
      sockets[persona].socket.emit("typing", { threadId: props.threadId });
      await observer.next("typing", typingOf(PERSONA_HANDLES[persona]!), 5_000);
    }
    // Those who may not reply: their typing is dropped. Typing is queued per thread in order, so
    // once a later sentinel's typing arrives, theirs would have arrived before it.
    for (const persona of minus(CONNECTED, ...REPLIERS)) sockets[persona].socket.emit("typing", { threadId: props.threadId });
    const sentinel = openSocket(t.baseUrl, { as: await new ApiClient(t.baseUrl).login("bob") });
    await connected(sentinel);
    await sentinel.join(props.threadId);
    sentinel.socket.emit("typing", { threadId: props.threadId });
    await observer.next("typing", typingOf("bob"), 5_000);
    const typists = observer.received.filter((r) => r.name === "typing").map((r) => (r.payload.user as { handle: string }).handle);
    expect(typists).not.toContain("banned");
    expect(typists.length).toBe(REPLIERS.length + 1);
    // And typing in a thread one has not joined goes nowhere.
    const before = observer.received.length;
    sockets.otherCompany.socket.emit("typing", { threadId: props.ideaId });
    await observer.flush();
    expect(observer.received.slice(before).filter((r) => r.name === "typing")).toEqual([]);
    observer.close();
    sentinel.close();
  });

  it("delivers a thread's posts to its joined readers, a notification to its owner's sockets, queue changes to staff and harvest progress to admins", async () => {
    const mark = marks();
    const bob = await new ApiClient(t.baseUrl).login("bob");
    // A reply to alice's question: every reader of the thread sees it; alice is notified.
    const reply = await bob.post(`/api/v1/threads/${props.threadId}/posts`, { body: "One more way: the API's export endpoint." });
    expect(reply.status).toBe(201);
    // A flag puts a post in the review queue.
    expect((await clients.otherCompany.post(`/api/v1/posts/${reply.body.post.id}/flags`, { reason: "spam" })).status).toBeLessThan(300);
    // A harvest pass reports its progress.
    const { runHarvestPass } = await import("../../app/harvest/pass.server");
    const { recordCliRun } = await import("../../app/harvest/runs.server");
    const { createLogger } = await import("../../app/lib/logger.server");
    const runId = await recordCliRun(t.app.db, "incremental");
    await runHarvestPass({ db: t.app.db, events: t.app.events, logger: createLogger("error"), jobs: t.app.jobs }, runId);

    const expected: Record<string, Group> = {
      "post:created": CONNECTED,
      notification: ["member", "apiToken"],
      "queue:changed": STAFF,
      "harvest:progress": ["admin"],
    };
    // Wait for those who should get each event, then check that nobody else did.
    for (const [name, group] of Object.entries(expected)) {
      for (const persona of group) await sockets[persona].next(name, () => true, 10_000);
    }
    for (const persona of CONNECTED) await sockets[persona].flush();
    const wrong: string[] = [];
    for (const [name, group] of Object.entries(expected)) {
      for (const persona of CONNECTED) {
        const got = since(mark, persona).some((r) => r.name === name);
        if (got !== group.includes(persona)) wrong.push(`${name} ${got ? "reached" : "missed"} ${persona}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("puts nothing about a hidden thread on a non-staff socket, and removes readers when a thread is hidden", async () => {
    const first = marks();
    const mia = clients.moderator;
    expect((await mia.post(`/api/v1/threads/${props.hiddenThreadId}/posts`, { body: "A note among staff." })).status).toBe(201);
    await sockets.moderator.next("post:created", (p: { threadId: number }) => p.threadId === props.hiddenThreadId, 10_000);
    await sockets.admin.next("post:created", (p: { threadId: number }) => p.threadId === props.hiddenThreadId, 10_000);
    for (const persona of minus(CONNECTED, ...STAFF)) {
      await sockets[persona].flush();
      const leaked = since(first, persona).filter((r) => r.payload.threadId === props.hiddenThreadId);
      expect(leaked, persona).toEqual([]);
    }
    // Hiding the public thread: its non-staff readers are told and leave the room.
    expect((await mia.post(`/api/v1/mod/threads/${props.threadId}/hide`, { reason: "matrix" })).status).toBe(200);
    await sockets.member.next("thread:updated", (p: { threadId: number; changes: { hidden?: boolean } }) => p.threadId === props.threadId && p.changes.hidden === true, 10_000);
    const second = marks();
    expect((await mia.post(`/api/v1/threads/${props.threadId}/posts`, { body: "Hidden now." })).status).toBe(201);
    await sockets.admin.next("post:created", (p: { threadId: number }) => p.threadId === props.threadId, 10_000);
    for (const persona of CONNECTED) await sockets[persona].flush();
    for (const persona of minus(CONNECTED, ...STAFF)) {
      expect(since(second, persona).filter((r) => r.name === "post:created"), persona).toEqual([]);
    }
  });
});
