/**
 * Replies under write load, on the scale-seeded database and the app as `npm start` runs it:
 * 1 writer on 1 thread, then 10 writers on 10 threads at once, each writing back to back for
 * the run's length. For each reply: *commit* is the POST's round trip (validation, Markdown,
 * the transaction), *delivery* is from sending the POST to a reader's socket.io-client
 * `post:created` in that thread's room. Writers are members at trust level 2 with API tokens,
 * so nothing is held for review and no password hashing is measured.
 */
import { performance } from "node:perf_hooks";
import type { PostEvent } from "../app/realtime/protocol";
import { hashToken, newToken } from "../app/lib/tokens.server";
import { createDb, type Db } from "../db/index";
import { startApp, type AppProcess } from "./lib/app-process";
import { joinedReader } from "./lib/clients";
import { cpuMs } from "./lib/proc";
import { writeResults } from "./lib/report";
import { scaleSeeded } from "./lib/scale";
import { ms, percentile } from "./lib/stats";
import type { Benchmark } from "./types";

const DURATION_MS = Number(process.env.BENCH_DURATION ?? 8) * 1000;
const WRITERS = 10;
const COMMIT_P50_TARGET_MS = 15;
const SCALING_TARGET = 3;

interface Writer {
  token: string;
  threadId: number;
}

interface RunResult {
  writers: number;
  replies: number;
  seconds: number;
  commits: number[];
  deliveries: number[];
  failures: number;
  cpuMsPerReply: number;
}

/** Members who write: inserted with API tokens (as tests/helpers/writers.ts does), each with a thread of their own. */
async function prepareWriters(db: Db, baseUrl: string, count: number): Promise<Writer[]> {
  const stamp = Date.now().toString(36);
  const template = await db.selectFrom("users").select("password_hash").where("handle", "=", "alice").executeTakeFirstOrThrow();
  const users = await db
    .insertInto("users")
    .values(Array.from({ length: count }, (_, i) => ({ handle: `bench-writer-${stamp}-${i}`, email: `bench-writer-${stamp}-${i}@example.test`, password_hash: template.password_hash, trust_level: 2, reviewed_at: new Date() })))
    .returning("id")
    .execute();
  const tokens = users.map(() => newToken("glt_"));
  await db.insertInto("api_tokens").values(users.map((u, i) => ({ user_id: u.id, name: "bench", token_hash: hashToken(tokens[i]!), prefix: tokens[i]!.slice(0, 10) }))).execute();
  const category = await db.selectFrom("categories").select("id").where("slug", "=", "getting-started").executeTakeFirstOrThrow();
  const writers: Writer[] = [];
  for (const [i, token] of tokens.entries()) {
    const res = await fetch(`${baseUrl}/api/v1/threads`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ categoryId: category.id, kind: "discussion", title: `Write load thread ${i} (${stamp})`, body: "Replies for the write benchmark." }),
    });
    if (res.status !== 201) throw new Error(`thread for writer ${i}: ${res.status} ${await res.text()}`);
    writers.push({ token, threadId: ((await res.json()) as { thread: { id: number } }).thread.id });
  }
  return writers;
}

/** Each writer posts back to back until the time is up; every reply's commit and delivery timed. */
async function run(app: AppProcess, writers: Writer[], label: string): Promise<RunResult> {
  const sockets = await Promise.all(writers.map((w) => joinedReader(app.url, w.threadId)));
  const sentAt = new Map<number, number>(); // post id → send time, filled once the POST answers
  const arrivedAt = new Map<number, number>();
  for (const socket of sockets) socket.on("post:created", (event: PostEvent) => arrivedAt.set(event.postId, performance.now()));
  const commits: number[] = [];
  let failures = 0;
  const cpuBefore = cpuMs(app.pid);
  const started = performance.now();
  const until = started + DURATION_MS;
  let n = 0;
  await Promise.all(
    writers.map(async (w) => {
      while (performance.now() < until) {
        const sent = performance.now();
        const res = await fetch(`${app.url}/api/v1/threads/${w.threadId}/posts`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${w.token}` },
          body: JSON.stringify({ body: `${label}: reply ${n++} with a little **Markdown**, a [link](https://example.com) and a list:\n\n- one\n- two` }),
        });
        const answered = performance.now();
        if (res.status !== 201) {
          failures++;
          await res.text();
          continue;
        }
        const { post } = (await res.json()) as { post: { id: number } };
        commits.push(answered - sent);
        sentAt.set(post.id, sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuMs(app.pid) - cpuBefore;
  // Let the last deliveries land.
  const deadline = performance.now() + 5_000;
  while ([...sentAt.keys()].some((id) => !arrivedAt.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const socket of sockets) socket.disconnect();
  const deliveries = [...sentAt].filter(([id]) => arrivedAt.has(id)).map(([id, sent]) => arrivedAt.get(id)! - sent);
  return { writers: writers.length, replies: commits.length, seconds, commits, deliveries, failures, cpuMsPerReply: commits.length ? cpu / commits.length : Number.NaN };
}

export const repliesBenchmark: Benchmark = {
  name: "Replies under write load",
  async run({ databaseUrl }) {
    const db = createDb(databaseUrl, { poolSize: 2 });
    let app: AppProcess | undefined;
    try {
      await scaleSeeded(databaseUrl, db);
      app = await startApp(databaseUrl);
      const writers = await prepareWriters(db, app.url, WRITERS);
      console.log("  replies: warm-up…");
      await run(app, writers.slice(0, 1), "warm-up");
      console.log("  replies: 1 writer…");
      const one = await run(app, writers.slice(0, 1), "one writer");
      console.log(`  replies: ${WRITERS} writers on ${WRITERS} threads…`);
      const many = await run(app, writers, "ten writers");
      const rate = (r: RunResult) => r.replies / r.seconds;
      const scaling = rate(many) / rate(one);
      const commitP50 = percentile(one.commits, 50);
      const targets = [
        { target: `reply commit p50 under ${COMMIT_P50_TARGET_MS} ms (1 writer)`, value: ms(commitP50), ok: commitP50 < COMMIT_P50_TARGET_MS },
        { target: `${WRITERS} writers on ${WRITERS} threads ≥ ${SCALING_TARGET}× one writer's replies/s`, value: `${scaling.toFixed(2)}×`, ok: scaling >= SCALING_TARGET },
      ];
      writeResults("replies", {
        runs: [one, many].map((r) => ({ writers: r.writers, replies: r.replies, repliesPerSecond: rate(r), commitP50Ms: percentile(r.commits, 50), commitP99Ms: percentile(r.commits, 99), deliveryP50Ms: percentile(r.deliveries, 50), deliveryP99Ms: percentile(r.deliveries, 99), delivered: r.deliveries.length, failures: r.failures, cpuMsPerReply: r.cpuMsPerReply })),
        targets: targets.map((t) => ({ target: t.target, value: t.value, met: t.ok })),
      });
      const row = (r: RunResult) =>
        `| ${r.writers} | ${r.replies} | ${rate(r).toFixed(1)} | ${ms(percentile(r.commits, 50))} | ${ms(percentile(r.commits, 99))} | ${ms(percentile(r.deliveries, 50))} | ${ms(percentile(r.deliveries, 99))} | ${r.deliveries.length}/${r.replies} | ${r.failures} | ${r.cpuMsPerReply.toFixed(1)} ms |`;
      return [
        `The app as \`npm start\` runs it, on the scale-seeded database; each writer posts back to back for ${DURATION_MS / 1000} s (after a warm-up run), one thread per writer, with one socket.io-client reader in each thread's room. *Commit* is the POST's round trip; *delivery* is from sending the POST to the reader's \`post:created\`.`,
        "",
        "| writers | replies | replies/s | commit p50 | commit p99 | delivery p50 | delivery p99 | delivered | failed | CPU/reply |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        row(one),
        row(many),
        "",
        "| target | measured | met |",
        "|---|---|:---:|",
        ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.ok ? "yes" : "**no**"} |`),
      ].join("\n");
    } finally {
      await app?.stop();
      await db.destroy();
    }
  },
};
