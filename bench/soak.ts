/**
 * `npm run test:soak`: sustained replies for ten minutes, watching the server's memory.
 *
 * The server runs as its own process (server.ts, as `npm start` runs it, production mode, the
 * Postgres realtime adapter) on a throwaway database. SOAK_CLIENTS writers (50) reply to one
 * thread that SOAK_WATCHERS users (200) follow, so each reply notifies about 200 people, while
 * readers hold sockets in the thread and in their own notification rooms. The server's RSS is
 * sampled every few seconds: after a warm-up it must stay within 20% of its warm-up level, and
 * after the load stops it must come back down. Not part of `npm test` (it takes 12+ minutes).
 *
 * Knobs: SOAK_MINUTES (10), SOAK_CLIENTS (50), SOAK_WATCHERS (200), SOAK_THINK_MS (1000: pause
 * between one client's replies), SOAK_COOLDOWN_S (120).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { hashToken, newToken } from "../app/lib/tokens.server";
import { createDb } from "../db/index";
import { spawnServer } from "../tests/helpers/child-server";
import { createBenchDatabase } from "./lib/database";
import { writeReportSection } from "./lib/report";
import { ms, percentile } from "./lib/stats";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const WATCHERS = Number(process.env.SOAK_WATCHERS ?? 200);
const THINK_MS = Number(process.env.SOAK_THINK_MS ?? 1_000);
const COOLDOWN_S = Number(process.env.SOAK_COOLDOWN_S ?? 120);
/** The warm-up is excluded from the flatness check: caches, JIT and pools fill up in it. */
const WARMUP_MS = Math.min(120_000, Math.max(30_000, MINUTES * 60_000 * 0.15));
const SAMPLE_MS = 5_000;
const ALLOWED_GROWTH = 0.2;

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const database = await createBenchDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gleaner-soak-"));
  const db = createDb(database.url, { poolSize: 4 });
  const sockets: Socket[] = [];
  let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
  try {
    server = await spawnServer({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      SESSION_SECRET: "soak-secret-not-for-production",
      SECURE_COOKIES: "false",
      RATE_LIMITS: "off",
      LOG_LEVEL: "warn",
    });
    const pid = server.child.pid!;
    console.log(`server ${server.url} (pid ${pid}); ${CLIENTS} writers, ${WATCHERS} watchers, ${MINUTES} min + ${COOLDOWN_S} s cool-down`);

    // Writers and watchers: users with API tokens; the watchers follow the thread.
    const template = await db.selectFrom("users").select("password_hash").where("handle", "=", "alice").executeTakeFirstOrThrow();
    const people = await db
      .insertInto("users")
      .values(Array.from({ length: CLIENTS + WATCHERS }, (_, i) => ({ handle: `soak${i}`, email: `soak${i}@example.test`, password_hash: template.password_hash, trust_level: 2, reviewed_at: new Date() })))
      .returning("id")
      .execute();
    const tokens = people.map(() => newToken("glt_"));
    await db.insertInto("api_tokens").values(people.map((p, i) => ({ user_id: p.id, name: "soak", token_hash: hashToken(tokens[i]!), prefix: tokens[i]!.slice(0, 10) }))).execute();
    const category = await db.selectFrom("categories").select("id").where("slug", "=", "getting-started").executeTakeFirstOrThrow();
    const created = await fetch(`${server.url}/api/v1/threads`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens[0]}` },
      body: JSON.stringify({ categoryId: category.id, kind: "discussion", title: "The soak thread", body: "Everybody watches this one." }),
    }).then((r) => r.json() as Promise<{ thread: { id: number } }>);
    const threadId = created.thread.id;
    await db
      .insertInto("follows")
      .values(people.slice(CLIENTS).map((p) => ({ user_id: p.id, thread_id: threadId, level: "watching" as const })))
      .onConflict((oc) => oc.doNothing())
      .execute();

    // Readers: anonymous sockets in the thread, and watchers' sockets for their notifications.
    let delivered = 0;
    let notified = 0;
    for (let i = 0; i < CLIENTS; i++) {
      const socket = io(server.url, { transports: ["websocket"], forceNew: true });
      socket.on("connect", () => socket.emit("thread:join", { threadId }, () => undefined));
      socket.on("post:created", () => delivered++);
      sockets.push(socket);
    }
    for (let i = 0; i < Math.min(WATCHERS, 50); i++) {
      const socket = io(server.url, { transports: ["websocket"], forceNew: true, auth: { token: tokens[CLIENTS + i] } });
      socket.on("notification", () => notified++);
      sockets.push(socket);
    }

    const statuses = new Map<string, number>();
    const latencies: number[] = [];
    const samples: { t: number; rss: number; phase: "load" | "cooldown" }[] = [];
    const started = Date.now();
    const loadEnds = started + MINUTES * 60_000;
    let going = true;
    const writers = tokens.slice(0, CLIENTS).map(async (token, w) => {
      for (let i = 0; going; i++) {
        const sent = performance.now();
        const status = await fetch(`${server!.url}/api/v1/threads/${threadId}/posts`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body: JSON.stringify({ body: `Soak reply ${i} from writer ${w}: still here, still **fine**.` }),
        })
          .then(async (r) => {
            await r.arrayBuffer();
            return String(r.status);
          })
          .catch((error: Error) => `error: ${error.message}`);
        latencies.push(performance.now() - sent);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await sleep(THINK_MS * (0.5 + Math.random()));
      }
    });

    while (Date.now() < loadEnds) {
      await sleep(SAMPLE_MS);
      samples.push({ t: Date.now() - started, rss: rssMb(pid), phase: "load" });
      const last = samples.at(-1)!;
      console.log(`${(last.t / 1000).toFixed(0).padStart(4)} s  RSS ${last.rss.toFixed(0)} MB  replies ${latencies.length}  delivered ${delivered}  notified ${notified}`);
    }
    going = false;
    await Promise.all(writers);
    const cooldownEnds = Date.now() + COOLDOWN_S * 1_000;
    while (Date.now() < cooldownEnds) {
      await sleep(SAMPLE_MS);
      samples.push({ t: Date.now() - started, rss: rssMb(pid), phase: "cooldown" });
    }

    const afterWarmup = samples.filter((s) => s.phase === "load" && s.t >= WARMUP_MS);
    const warmLevel = afterWarmup[0]?.rss ?? samples[0]!.rss;
    const loadPeak = Math.max(...afterWarmup.map((s) => s.rss));
    const loadEnd = afterWarmup.at(-1)?.rss ?? warmLevel;
    const cooled = samples.at(-1)!.rss;
    const flat = loadPeak <= warmLevel * (1 + ALLOWED_GROWTH);
    const sorted = [...latencies].sort((a, b) => a - b);
    const seconds = (loadEnds - started) / 1000;
    const result = {
      date: new Date().toISOString(),
      minutes: MINUTES,
      clients: CLIENTS,
      watchers: WATCHERS,
      replies: latencies.length,
      repliesPerSecond: latencies.length / seconds,
      statuses: Object.fromEntries(statuses),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      delivered,
      notified,
      rss: { warmup: warmLevel, peak: loadPeak, endOfLoad: loadEnd, afterCooldown: cooled },
      flat,
      samples,
    };
    writeFileSync(path.resolve("bench/soak-results.json"), JSON.stringify(result, null, 2) + "\n");
    const section = [
      "## Soak: sustained replies",
      "",
      `Written by \`npm run test:soak\` (bench/soak.ts) on ${result.date.slice(0, 16).replace("T", " ")} UTC, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end. The server runs as its own process in production mode with the Postgres realtime adapter; ${CLIENTS} writers reply to one thread (a pause of about ${THINK_MS} ms between one writer's replies) that ${WATCHERS} users follow, so each reply notifies ${WATCHERS}; ${CLIENTS} anonymous sockets read the thread live and ${Math.min(WATCHERS, 50)} watchers' sockets receive their notifications. ${MINUTES} minutes of load, then ${COOLDOWN_S} s idle; RSS sampled every ${SAMPLE_MS / 1000} s, warm-up ${Math.round(WARMUP_MS / 1000)} s.`,
      "",
      "| figure | value |",
      "|---|---:|",
      `| replies | ${result.replies.toLocaleString("en")} (${result.repliesPerSecond.toFixed(1)}/s) |`,
      `| answers | ${Object.entries(result.statuses).map(([k, v]) => `${k}: ${v}`).join(", ")} |`,
      `| reply latency p50 / p99 | ${ms(result.p50)} / ${ms(result.p99)} |`,
      `| live deliveries / notifications received | ${delivered.toLocaleString("en")} / ${notified.toLocaleString("en")} |`,
      `| RSS after warm-up | ${warmLevel.toFixed(0)} MB |`,
      `| RSS peak under load (after warm-up) | ${loadPeak.toFixed(0)} MB (${(((loadPeak - warmLevel) / warmLevel) * 100).toFixed(0)}%) |`,
      `| RSS when the load stopped | ${loadEnd.toFixed(0)} MB |`,
      `| RSS after ${COOLDOWN_S} s idle | ${cooled.toFixed(0)} MB |`,
      `| flat (peak within ${ALLOWED_GROWTH * 100}% of warm-up) | ${flat ? "yes" : "**no**"} |`,
    ].join("\n");
    writeReportSection("soak", section);
    console.log(`\n${section}\n\nWrote bench/report.md and bench/soak-results.json`);
    process.exitCode = flat ? 0 : 1;
  } finally {
    for (const socket of sockets) socket.disconnect();
    if (server) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await db.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
