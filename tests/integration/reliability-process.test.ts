/**
 * Gleaner as an operator runs it: a process of its own that is killed, signalled, or started on
 * a taken port. Each test spawns the real entry point (server.ts, or npm start) and checks what
 * survives: acknowledged writes exactly once, requests in flight finished, nothing left running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { processesMentioning, runToExit, spawnServer, type ChildServer } from "../helpers/child-server";
import { ApiClient } from "../helpers/http";
import { createWriters, openThread } from "../helpers/writers";

let database: TestDatabase;
let dataDir: string;
const running = new Set<ChildServer>();

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "gleaner-proc-"));
});
afterAll(async () => {
  for (const server of running) server.child.kill("SIGKILL");
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(extra: Record<string, string> = {}): Promise<ChildServer> {
  const server = await spawnServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, RATE_LIMITS: "off", ...extra });
  running.add(server);
  void server.exited.then(() => running.delete(server));
  return server;
}

type Write = { startedAt: number; endedAt: number; status: number | null; error?: string; postId?: number; body: string };

/** Writers posting unique replies in a loop until `stop()`; every outcome is kept. */
function writeLoop(writers: ApiClient[], threadId: number) {
  const writes: Write[] = [];
  let going = true;
  const loops = writers.map(async (writer, w) => {
    for (let i = 0; going; i++) {
      const body = `loop ${w}-${i}-${Date.now()}`;
      const startedAt = Date.now();
      try {
        const res = await writer.post(`/api/v1/threads/${threadId}/posts`, { body });
        writes.push({ startedAt, endedAt: Date.now(), status: res.status, postId: res.body?.post?.id, body });
      } catch (error) {
        writes.push({ startedAt, endedAt: Date.now(), status: null, error: String((error as Error).cause ?? error), body });
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    writes,
    stop: async () => {
      going = false;
      await Promise.all(loops);
    },
  };
}

describe("kill -9 under writes", () => {
  it("keeps every acknowledged write exactly once, with exact counters, after a restart", async () => {
    const first = await start();
    const alice = await new ApiClient(first.url).login("alice");
    const threadId = await openThread(database.db, alice, "Killed mid-write");
    const load = writeLoop(await createWriters(database.db, first.url, 20, "killed"), threadId);
    // Killed once writes are flowing, mid-stream.
    for (const deadline = Date.now() + 20_000; load.writes.filter((w) => w.status === 201).length < 40 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    await load.stop();

    const second = await start();
    const acked = load.writes.filter((w) => w.status === 201);
    expect(acked.length).toBeGreaterThanOrEqual(40);
    const rows = await database.db.selectFrom("posts").select(["id", "body_md"]).where("thread_id", "=", threadId).execute();
    const countOf = new Map<string, number>();
    for (const row of rows) countOf.set(row.body_md, (countOf.get(row.body_md) ?? 0) + 1);
    for (const write of acked) expect(countOf.get(write.body), write.body).toBe(1);
    // Nothing was stored twice, acknowledged or not.
    expect([...countOf.values()].every((n) => n === 1)).toBe(true);
    const drift = await sql<{ id: number }>`
      select t.id from threads t
      where t.post_count <> (select count(*) from posts p where p.thread_id = t.id and p.status = 'visible')`.execute(database.db);
    expect(drift.rows).toEqual([]);
    // And the restarted process serves.
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe("SIGTERM under load", () => {
  it("finishes the requests in flight, closes keep-alive connections and exits 0", async () => {
    const server = await start({ SHUTDOWN_GRACE_MS: "10000" });
    const alice = await new ApiClient(server.url).login("alice");
    const threadId = await openThread(database.db, alice, "Stopped mid-load");
    const load = writeLoop(await createWriters(database.db, server.url, 30, "stopped"), threadId);
    await new Promise((r) => setTimeout(r, 1_500));
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    const code = await server.exited;
    const exitedAt = Date.now();
    await load.stop();

    expect(code).toBe(0);
    expect(exitedAt - signalledAt).toBeLessThan(15_000);
    // A request well under way when the signal came got its whole answer, none was cut off.
    const inFlight = load.writes.filter((w) => w.startedAt < signalledAt - 50 && w.endedAt >= signalledAt);
    for (const write of load.writes.filter((w) => w.startedAt < signalledAt - 50)) {
      expect(write.status, `${write.body}: ${write.error}`).not.toBeNull();
      expect([201, 503]).toContain(write.status);
    }
    expect(inFlight.length, "requests were in flight when the signal came").toBeGreaterThan(0);
    // Whatever was acknowledged is stored.
    const acked = load.writes.filter((w) => w.status === 201).map((w) => w.postId!);
    const stored = await database.db.selectFrom("posts").select("id").where("id", "in", acked).execute();
    expect(stored.length).toBe(acked.length);
  }, 120_000);
});

describe("npm start", () => {
  it("is the server process: SIGTERM to npm stops Gleaner and its embedded PostgreSQL, and npm exits 0", async () => {
    const ownDir = mkdtempSync(path.join(tmpdir(), "gleaner-npm-"));
    try {
      const server = await spawnServer({ DATA_DIR: ownDir, DATABASE_URL: "", GLEANER_SKIP_BUILD: "1" }, { command: ["npm", "start", "--silent"], timeoutMs: 120_000 });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await processesMentioning(ownDir)).length).toBeGreaterThan(0);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(await processesMentioning(ownDir)).toEqual([]);
    } finally {
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 180_000);

  it("with the port taken: exits 1 with one line of cause and remedy, and leaves no process behind", async () => {
    const ownDir = mkdtempSync(path.join(tmpdir(), "gleaner-port-"));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, output } = await runToExit(["npm", "start", "--silent"], { DATA_DIR: ownDir, DATABASE_URL: "", PORT: String(port), GLEANER_SKIP_BUILD: "1" }, 120_000);
      expect(code).toBe(1);
      expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(output).toMatch(/Fix: .*PORT/);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
      expect(await processesMentioning(ownDir)).toEqual([]);
    } finally {
      blocker.close();
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 180_000);

  it("with DATA_DIR unusable or the database unreachable: a clear line, no hang", async () => {
    const proc = await runToExit([process.execPath, "--import", "tsx", "server.ts"], { DATA_DIR: "/proc/gleaner-cannot-live-here", DATABASE_URL: "", PORT: "0" }, 30_000);
    expect(proc.code).toBe(1);
    expect(proc.output).toContain("DATA_DIR cannot be created");
    const dead = await runToExit([process.execPath, "--import", "tsx", "server.ts"], { DATA_DIR: dataDir, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", PORT: "0" }, 60_000);
    expect(dead.code).toBe(1);
    expect(dead.output).toContain("cannot reach the database");
    expect(dead.output).toContain("after 5 attempts");
  }, 90_000);
});
