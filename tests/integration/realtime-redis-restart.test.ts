/**
 * The Redis adapter recovers from a Redis restart: a Redis this test starts itself on a port of
 * its own (never the machine's shared one), two nodes on it, Redis killed and started again.
 * Readers on the other node are told to resync, /healthz says when the link is down, and events
 * flow across nodes again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, eventually, openSocket } from "../helpers/sockets";
import { openThread } from "../helpers/writers";

let port: number;
let redis: ChildProcess | undefined;
let nodeA: TestServer;
let nodeB: TestServer;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: p } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return p;
}

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await eventually(async () => {
    const socket = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(true)); // in use: Redis is listening
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
    });
    return socket;
  }, 10_000, "redis listens");
}

async function stopRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis!.once("exit", resolve));
  redis.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  const redisUrl = `redis://127.0.0.1:${port}`;
  nodeA = await startTestServer({ realtime: "redis", redisUrl });
  nodeB = await startTestServer({ realtime: "redis", redisUrl, sharedDatabase: nodeA.database });
}, 60_000);

afterAll(async () => {
  closeAllSockets();
  await nodeB?.close();
  await nodeA?.close();
  await stopRedis();
});

const realtimeOf = async (node: TestServer) => ((await (await fetch(`${node.baseUrl}/healthz`)).json()) as { realtime: string }).realtime;

describe("a Redis restart", () => {
  it("marks realtime down meanwhile, then resyncs readers and delivers across nodes again", async () => {
    const alice = await new ApiClient(nodeA.baseUrl).login("alice");
    const threadId = await openThread(nodeA.database.db, alice, "Redis goes away");
    const readerOnB = openSocket(nodeB.baseUrl);
    expect(await readerOnB.join(threadId)).toEqual({ ok: true });
    const before = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "before the restart" });
    await readerOnB.next<{ postId: number }>("post:created", (e) => e.postId === before.body.post.id, 5_000);

    await stopRedis();
    await eventually(async () => (await realtimeOf(nodeB)) === "down", 10_000, "node B reports realtime down");
    await startRedis();
    await eventually(async () => (await realtimeOf(nodeA)) === "up" && (await realtimeOf(nodeB)) === "up", 20_000, "both nodes report realtime up");

    await readerOnB.next("resync", () => true, 10_000);
    const after = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "after the restart" });
    expect(after.status).toBe(201);
    await readerOnB.next<{ postId: number }>("post:created", (e) => e.postId === after.body.post.id, 10_000);
  }, 90_000);
});
