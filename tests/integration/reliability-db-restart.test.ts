/**
 * PostgreSQL restarted under load, as an operator would (fast shutdown: connections in use are
 * cut mid-transaction). Runs against a PostgreSQL this test starts itself, never the machine's
 * shared one. The process must stay up, answer the outage with 503 + Retry-After (never a 500),
 * serve again within seconds, and deliver live events again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../app/lib/logger.server";
import { createDb } from "../../db/index";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../db/seed/demo";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { openSocket } from "../helpers/sockets";
import { createWriters, openThread } from "../helpers/writers";

let dataDir: string;
let postgres: EmbeddedServer;
let server: TestServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "gleaner-restart-"));
  postgres = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger: createLogger("error") });
  const db = createDb(postgres.url, { poolSize: 2 });
  await migrateToLatest(db);
  await seedDemoData(db);
  await db.destroy();
  // The Postgres adapter, as in production: its LISTEN connection is cut by the restart too.
  const own = createDb(postgres.url, { poolSize: 10 });
  server = await startTestServer({ realtime: "postgres", sharedDatabase: { db: own, url: postgres.url, queries: [], drop: () => own.destroy() } });
});

afterAll(async () => {
  await server?.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Outcome = { status: number; retryAfter: string | null; postId?: number; at: number };

describe("a PostgreSQL restart under load", () => {
  it("keeps the process up, answers 503 meanwhile, then serves and delivers live events again", async () => {
    const alice = await new ApiClient(server.baseUrl).login("alice");
    const threadId = await openThread(server.database.db, alice, "Restart under load");
    const writers = await createWriters(server.database.db, server.baseUrl, 20);
    const reader = openSocket(server.baseUrl);
    expect(await reader.join(threadId)).toEqual({ ok: true });

    const outcomes: Outcome[] = [];
    let writing = true;
    const loops = writers.map(async (writer, w) => {
      for (let i = 0; writing; i++) {
        const res = await writer.post(`/api/v1/threads/${threadId}/posts`, { body: `writer ${w} reply ${i}` }).catch(() => null);
        if (!res) continue; // the test's own client timing out is not the server's answer
        outcomes.push({ status: res.status, retryAfter: res.headers.get("retry-after"), postId: res.body?.post?.id, at: Date.now() });
        if (res.status !== 201) await new Promise((r) => setTimeout(r, 100));
      }
    });

    await new Promise((r) => setTimeout(r, 1_000));
    const restartedAt = Date.now();
    const during = postgres.restart();
    // While it is down (or coming up), health says so instead of pretending.
    const healthDuring = await fetch(`${server.baseUrl}/healthz`);
    await during;
    const upAt = Date.now();

    // Serving again within seconds: a write and a healthy /healthz.
    let recoveredWrite: number | null = null;
    let healthy = false;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && !(recoveredWrite && healthy); ) {
      if (!recoveredWrite) {
        const res = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "after the restart" });
        if (res.status === 201) recoveredWrite = Date.now();
      }
      if (!healthy) {
        const health = await fetch(`${server.baseUrl}/healthz`);
        healthy = health.status === 200 && ((await health.json()) as { realtime: string }).realtime === "up";
      }
      if (!(recoveredWrite && healthy)) await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1_500));
    writing = false;
    await Promise.all(loops);

    expect([200, 503]).toContain(healthDuring.status);
    expect(recoveredWrite, "a write succeeded after the restart").not.toBeNull();
    expect(recoveredWrite! - upAt).toBeLessThan(10_000);
    expect(healthy, "/healthz reports db and realtime up again").toBe(true);

    // Only successes and honest back-pressure, never a server error.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((s) => s === 201 || s === 503), `statuses seen: ${[...statuses].join(", ")}`).toBe(true);
    for (const o of outcomes.filter((o) => o.status === 503)) expect(o.retryAfter).toBeTruthy();
    expect(outcomes.some((o) => o.status === 201 && o.at > upAt)).toBe(true);
    // The outage was real: writes in flight or sent meanwhile were refused, and said so.
    expect(outcomes.some((o) => o.status === 503 && o.at >= restartedAt)).toBe(true);

    // Every acknowledged reply is stored exactly once.
    const acked = outcomes.filter((o) => o.status === 201).map((o) => o.postId!);
    const stored = await server.database.db.selectFrom("posts").select("id").where("id", "in", acked).execute();
    expect(stored.length).toBe(new Set(acked).size);

    // The live layer came back: the reader was told to catch up, and new replies reach it again.
    await reader.next("resync", () => true, 15_000);
    const fresh = await alice.post(`/api/v1/threads/${threadId}/posts`, { body: "live again" });
    expect(fresh.status).toBe(201);
    await reader.next<{ postId: number }>("post:created", (e) => e.postId === fresh.body.post.id, 10_000);
    reader.close();
  }, 90_000);
});
