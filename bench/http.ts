/**
 * Pages and API under load, on the scale-seeded database (BENCH_SCALE threads, about ten posts
 * each): the product as `npm start` runs it (bench/lib/app-process.ts) and autocannon as the
 * client, 10 keep-alive connections. For each scenario: requests/s, p50/p99, the server's CPU
 * milliseconds per request (its /proc CPU time over the requests it answered) and, in the same
 * run, two ceilings: a bare node:http server answering the same bytes, and the SQL alone (the
 * service's own queries replayed on 10 connections, no HTTP, no rendering).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { getThreadPage } from "../app/services/community/thread-page.server";
import { listThreads } from "../app/services/community/threads.server";
import { searchThreads } from "../app/services/search.server";
import { createDb, type Db } from "../db/index";
import { startApp, type AppProcess } from "./lib/app-process";
import { sessionCookie } from "./lib/clients";
import { loadUrl, type LoadResult } from "./lib/load";
import { cpuMs, memoryMb } from "./lib/proc";
import { startNodeProcess, type NodeProcess } from "./lib/processes";
import { writeResults } from "./lib/report";
import { scaleSeeded } from "./lib/scale";
import { ms, percentile } from "./lib/stats";
import { latencyChart } from "./lib/chart";
import type { Benchmark } from "./types";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const BARE_DURATION_S = Math.max(3, Math.round(DURATION_S / 2));
const SQL_DURATION_MS = BARE_DURATION_S * 1000;
const CONNECTIONS = 10;
const SEARCH_SAMPLES = 200;
const THREAD_POSTS = 50;
const DEEP_PAGE = 50;
const COMMON_WORD = "integration";
const RARE_WORD = "vacuum";

interface Scenario {
  id: string;
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** The queries one request of this scenario makes, replayed for the SQL ceiling. */
  sql?: (db: Db) => Promise<unknown>;
}

interface ScenarioResult {
  scenario: Scenario;
  app: LoadResult;
  cpuMsPerRequest: number;
  bare: LoadResult | null;
  sqlRps: number | null;
}

const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));

/** The busiest visible thread, topped up through the API to THREAD_POSTS posts if the seed has none that long. */
async function threadOfFiftyPosts(db: Db, baseUrl: string, cookie: string): Promise<number> {
  const busiest = await db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .select(["posts.thread_id", (eb) => eb.fn.countAll<number>().as("posts")])
    .where("posts.status", "=", "visible")
    .where("threads.hidden", "=", false)
    .where("threads.awaiting_approval", "=", false)
    .where("threads.merged_into_id", "is", null)
    .where("threads.status", "=", "open")
    .groupBy("posts.thread_id")
    .orderBy("posts", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  for (let n = busiest.posts; n < THREAD_POSTS; n++) {
    const res = await fetch(`${baseUrl}/api/v1/threads/${busiest.thread_id}/posts`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({ body: `Reply ${n} of the benchmark's long thread: the same steps worked for me, with **one** change.` }),
    });
    if (res.status !== 201) throw new Error(`topping up the thread: ${res.status} ${await res.text()}`);
  }
  return busiest.thread_id;
}

/**
 * The cursor of list page `page` (1-based), followed the way a reader's "Older threads" link
 * does; a small seed may have fewer pages, then the last one.
 */
async function cursorAt(baseUrl: string, query: string, page: number): Promise<{ cursor: string; page: number }> {
  let after = "";
  let reached = 1;
  for (; reached < page; reached++) {
    const res = await fetch(`${baseUrl}/api/v1/threads?${query}${after ? `&after=${encodeURIComponent(after)}` : ""}`);
    const body = (await res.json()) as { next: string | null };
    if (!body.next) break;
    after = body.next;
  }
  if (!after) throw new Error(`the list ${query} has a single page: seed more threads (BENCH_SCALE)`);
  return { cursor: after, page: reached };
}

/** Records the SQL (and parameters) one call of a service makes. */
async function queriesOf(databaseUrl: string, call: (db: Db) => Promise<unknown>): Promise<{ sql: string; parameters: unknown[] }[]> {
  const recorded: { sql: string; parameters: unknown[] }[] = [];
  const db = createDb(databaseUrl, { poolSize: 1, onQuery: (sql, parameters) => recorded.push({ sql, parameters: [...parameters] }) });
  try {
    await call(db);
    recorded.length = 0;
    await call(db); // the second call: what a warm request runs
    return recorded;
  } finally {
    await db.destroy();
  }
}

/** The SQL ceiling: the recorded queries of one request, back to back on each of 10 connections. */
async function sqlRequestsPerSecond(databaseUrl: string, queries: { sql: string; parameters: unknown[] }[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS, options: "-c jit=off" });
  try {
    let done = 0;
    const until = performance.now() + SQL_DURATION_MS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < until) {
            for (const q of queries) await client.query(q.sql, q.parameters);
            done++;
          }
        } finally {
          client.release();
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

/** Search latency as one reader sees it: sequential requests, so p95 is the service's, not the queue's. */
async function searchLatency(baseUrl: string, word: string): Promise<{ p50: number; p95: number; results: number }> {
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < SEARCH_SAMPLES; i++) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/search?q=${encodeURIComponent(word)}`);
    const body = (await res.json()) as { results: unknown[] };
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`search ${word}: ${res.status}`);
    results = body.results.length;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), results };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");
const ratio = (a: number, b: number | null | undefined) => (b && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);
const met = (ok: boolean) => (ok ? "yes" : "**no**");

export const httpBenchmark: Benchmark = {
  name: "Pages and API",
  async run({ databaseUrl }) {
    const db = createDb(databaseUrl, { poolSize: 4 });
    const scratch = mkdtempSync(path.join(tmpdir(), "gleaner-bench-http-"));
    let app: AppProcess | undefined;
    let bare: NodeProcess | undefined;
    try {
      const seeded = await scaleSeeded(databaseUrl, db);
      console.log("  starting the app as npm start does…");
      app = await startApp(databaseUrl);
      const firstResponseMs = app.firstResponseMs;
      const cookie = await sessionCookie(app.url, "alice");
      const threadId = await threadOfFiftyPosts(db, app.url, cookie);
      const category = await db.selectFrom("categories").select(["id", "slug"]).where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
      const categoryDeep = await cursorAt(app.url, `category=${category.id}`, DEEP_PAGE);
      const latestDeep = await cursorAt(app.url, "", DEEP_PAGE);
      await sleep(2_000); // settle: the idle figure is the process at rest, not mid-start
      const idle = memoryMb(app.pid);

      const scenarios: Scenario[] = [
        { id: "thread-html-anonymous", name: `thread page HTML, ${THREAD_POSTS} posts, logged out`, path: `/t/${threadId}`, sql: (d) => getThreadPage(d, null, threadId) },
        { id: "thread-html-member", name: `thread page HTML, ${THREAD_POSTS} posts, logged in`, path: `/t/${threadId}`, headers: { Cookie: cookie } },
        { id: "thread-json", name: `thread JSON, ${THREAD_POSTS} posts`, path: `/api/v1/threads/${threadId}`, sql: (d) => getThreadPage(d, null, threadId) },
        { id: "category-first", name: "category list, first page", path: `/c/${category.slug}`, sql: (d) => listThreads(d, null, { category: String(category.id) }) },
        { id: "category-deep", name: `category list, page ${categoryDeep.page}`, path: `/c/${category.slug}?after=${encodeURIComponent(categoryDeep.cursor)}`, sql: (d) => listThreads(d, null, { category: String(category.id), after: categoryDeep.cursor }) },
        { id: "latest-first", name: "latest list, first page", path: "/latest" },
        { id: "latest-deep", name: `latest list, page ${latestDeep.page}`, path: `/latest?after=${encodeURIComponent(latestDeep.cursor)}` },
        { id: "search-common", name: `search, common word (“${COMMON_WORD}”)`, path: `/api/v1/search?q=${COMMON_WORD}`, sql: (d) => searchThreads(d, null, { q: COMMON_WORD }) },
        { id: "search-rare", name: `search, rare word (“${RARE_WORD}”)`, path: `/api/v1/search?q=${RARE_WORD}`, sql: (d) => searchThreads(d, null, { q: RARE_WORD }) },
      ];

      // Each scenario's answer, kept for the bare server to send back byte for byte.
      const barePages: Record<string, { file: string; contentType: string }> = {};
      for (const s of scenarios) {
        const res = await fetch(`${app.url}${s.path}`, { headers: s.headers });
        if (res.status !== 200) throw new Error(`${s.name}: ${res.status}`);
        const file = path.join(scratch, `${s.id}.body`);
        writeFileSync(file, Buffer.from(await res.arrayBuffer()));
        barePages[`/${s.id}`] = { file, contentType: res.headers.get("content-type") ?? "text/html" };
      }

      const results: ScenarioResult[] = [];
      for (const s of scenarios) {
        console.log(`  ${s.name}…`);
        const before = cpuMs(app.pid);
        const load = await loadUrl(`${app.url}${s.path}`, { connections: CONNECTIONS, durationSeconds: DURATION_S, headers: s.headers });
        const cpu = cpuMs(app.pid) - before;
        results.push({ scenario: s, app: load, cpuMsPerRequest: load.requests > 0 ? cpu / load.requests : Number.NaN, bare: null, sqlRps: null });
      }
      const searchCommon = await searchLatency(app.url, COMMON_WORD);
      const searchRare = await searchLatency(app.url, RARE_WORD);
      const peak = memoryMb(app.pid).peak;
      await app.stop();
      app = undefined;

      // The ceilings, after the app has stopped, so they do not share the CPU with it.
      const pagesFile = path.join(scratch, "pages.json");
      writeFileSync(pagesFile, JSON.stringify(barePages));
      bare = await startNodeProcess("bench/bare-http-node.ts", { BARE_PAGES: pagesFile });
      for (const r of results) {
        console.log(`  ceilings: ${r.scenario.name}…`);
        r.bare = await loadUrl(`${bare.url}/${r.scenario.id}`, { connections: CONNECTIONS, durationSeconds: BARE_DURATION_S });
        if (r.scenario.sql) r.sqlRps = await sqlRequestsPerSecond(databaseUrl, await queriesOf(databaseUrl, r.scenario.sql));
      }
      await bare.stop();
      bare = undefined;

      const by = (id: string) => results.find((r) => r.scenario.id === id)!;
      const threadHtml = by("thread-html-anonymous");
      const threadJson = by("thread-json");
      const deepAsFast = (first: ScenarioResult, deep: ScenarioResult) => deep.app.p50 <= Math.max(first.app.p50 * 1.2, first.app.p50 + 1);
      const htmlCpu = Math.max(threadHtml.cpuMsPerRequest, by("thread-html-member").cpuMsPerRequest);
      const targets = [
        { target: "thread page ≥ 0.05 of the bare server's requests/s", value: fmt(ratio(threadHtml.app.rps, threadHtml.bare?.rps), 3), ok: ratio(threadHtml.app.rps, threadHtml.bare?.rps) >= 0.05 },
        { target: "≤ 2.5 ms server CPU per HTML request (thread page)", value: `${fmt(htmlCpu, 2)} ms`, ok: htmlCpu <= 2.5 },
        { target: "≤ 1.2 ms server CPU per JSON request (thread)", value: `${fmt(threadJson.cpuMsPerRequest, 2)} ms`, ok: threadJson.cpuMsPerRequest <= 1.2 },
        { target: "search p95 < 50 ms at this scale (common word)", value: ms(searchCommon.p95), ok: searchCommon.p95 < 50 },
        { target: "search p95 < 50 ms at this scale (rare word)", value: ms(searchRare.p95), ok: searchRare.p95 < 50 },
        { target: "deep category page as fast as the first (p50 within 20%)", value: `${ms(by("category-deep").app.p50)} vs ${ms(by("category-first").app.p50)}`, ok: deepAsFast(by("category-first"), by("category-deep")) },
        { target: "deep latest page as fast as the first (p50 within 20%)", value: `${ms(by("latest-deep").app.p50)} vs ${ms(by("latest-first").app.p50)}`, ok: deepAsFast(by("latest-first"), by("latest-deep")) },
        { target: "idle RSS < 150 MB", value: `${fmt(idle.rss)} MB`, ok: idle.rss < 150 },
        { target: "first response < 3 s after start", value: `${fmt(firstResponseMs / 1000, 2)} s`, ok: firstResponseMs < 3_000 },
      ];
      const refused = results.filter((r) => r.app.non2xx > 0 || r.app.errors > 0);

      writeResults("http", {
        scale: seeded.scale,
        posts: seeded.rows.posts,
        durationSeconds: DURATION_S,
        connections: CONNECTIONS,
        firstResponseMs,
        idleRssMb: idle.rss,
        peakRssMb: peak,
        scenarios: results.map((r) => ({
          id: r.scenario.id,
          name: r.scenario.name,
          rps: r.app.rps,
          p50Ms: r.app.p50,
          p99Ms: r.app.p99,
          cpuMsPerRequest: r.cpuMsPerRequest,
          bytes: r.app.bytesPerRequest,
          non2xx: r.app.non2xx,
          errors: r.app.errors,
          bareRps: r.bare?.rps ?? null,
          sqlRps: r.sqlRps,
        })),
        search: { common: { word: COMMON_WORD, ...searchCommon }, rare: { word: RARE_WORD, ...searchRare } },
        targets: targets.map((t) => ({ target: t.target, value: t.value, met: t.ok })),
      });
      writeFileSync(
        path.resolve("bench/latency.svg"),
        latencyChart(results.map((r) => ({ label: r.scenario.name, p50: r.app.p50, p99: r.app.p99 }))),
      );

      return [
        `${seeded.scale.toLocaleString("en")} threads and ${(seeded.rows.posts ?? 0).toLocaleString("en")} posts (\`npm run seed -- --scale ${seeded.scale}\`). The app runs as \`npm start\` does (NODE_ENV=production, one process, rate limits off so the limiter is not what is measured); autocannon, ${CONNECTIONS} keep-alive connections, ${DURATION_S} s per scenario, no compression asked for. *CPU/request* is the server process's user+system time over the requests it answered. Ceilings, measured in the same run after the app stopped: *bare* is a node:http server answering the same bytes (bench/bare-http-node.ts); *SQL alone* replays the service's recorded queries on ${CONNECTIONS} connections with no HTTP or rendering (for the scenarios that have one service call).`,
        "",
        "| scenario | req/s | p50 | p99 | CPU/request | bytes | bare req/s | ratio to bare | SQL alone req/s | ratio to SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...results.map(
          (r) =>
            `| ${r.scenario.name} | ${fmt(r.app.rps)} | ${ms(r.app.p50)} | ${ms(r.app.p99)} | ${fmt(r.cpuMsPerRequest, 2)} ms | ${fmt(r.app.bytesPerRequest)} | ${fmt(r.bare?.rps ?? Number.NaN)} | ${fmt(ratio(r.app.rps, r.bare?.rps), 3)} | ${r.sqlRps === null ? "–" : fmt(r.sqlRps)} | ${r.sqlRps === null ? "–" : fmt(ratio(r.app.rps, r.sqlRps), 2)} |`,
        ),
        "",
        refused.length ? `Answers other than 2xx during the runs: ${refused.map((r) => `${r.scenario.name}: ${r.app.non2xx} non-2xx, ${r.app.errors} errors`).join("; ")}.` : "Every request in every run was answered 2xx.",
        "",
        `Search as one reader sees it (${SEARCH_SAMPLES} sequential requests): “${COMMON_WORD}” p50 ${ms(searchCommon.p50)}, p95 ${ms(searchCommon.p95)} (${searchCommon.results} results on the first page); “${RARE_WORD}” p50 ${ms(searchRare.p50)}, p95 ${ms(searchRare.p95)} (${searchRare.results} results).`,
        "",
        `Memory: ${fmt(idle.rss)} MB resident at rest after start, ${fmt(peak)} MB at the peak of the runs. First answer ${fmt(firstResponseMs / 1000, 2)} s after the process started.`,
        "",
        "![Latency per scenario, p50 and p99](latency.svg)",
        "",
        "| target | measured | met |",
        "|---|---|:---:|",
        ...targets.map((t) => `| ${t.target} | ${t.value} | ${met(t.ok)} |`),
      ].join("\n");
    } finally {
      await app?.stop();
      await bare?.stop();
      await db.destroy();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
