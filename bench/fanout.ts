/**
 * Fan-out: one reply in a thread with 1,000 readers connected, how long until each reader's
 * socket has it. The app nodes run in processes of their own (bench/fanout-node.ts); this
 * process holds the 1,000 socket.io-client connections (spread evenly over the nodes) and
 * posts through node A's HTTP API, like a person would.
 *
 * Latency of one delivery = when that socket's `post:created` arrived − when the POST was sent,
 * so it includes the write itself (validation, Markdown rendering, the transaction) and then
 * the fan-out; the "spread" column is the fan-out alone (last arrival − first arrival).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { PostEvent } from "../app/realtime/protocol";
import { joinedReader, sessionCookie, type ClientSocket } from "./lib/clients";
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from "./lib/processes";
import { writeResults } from "./lib/report";
import { ms, percentile } from "./lib/stats";
import type { Benchmark, BenchEnvironment } from "./types";

const READERS = Number(process.env.BENCH_READERS ?? 1_000);
/** The issue's larger room: 5,000 readers on one node. */
const MANY_READERS = Number(process.env.BENCH_MANY_READERS ?? 5_000);
/** Target: the app's fan-out p99 within this factor of a bare Socket.IO broadcast of the same payload. */
const BARE_FACTOR = 1.5;
const ROUNDS = 5;
const CONNECT_BATCH = 100;
const DELIVERY_TIMEOUT_MS = 15_000;

interface Scenario {
  name: string;
  nodes: number;
  adapter: "postgres" | "redis" | "bare";
  readers: number;
}

interface ScenarioResult {
  scenario: Scenario;
  readers: number;
  delivered: number;
  expected: number;
  latencies: number[];
  spreads: number[];
  writes: number[];
}

const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));

/** A tiny cookie-keeping HTTP client: log in once, then post as that user. */
async function loginAs(baseUrl: string, handle: string): Promise<(path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>> {
  const cookie = await sessionCookie(baseUrl, handle);
  return async (path, body) => {
    const r = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
}

async function connectReaders(urls: string[], threadId: number, readers: number): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let start = 0; start < readers; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, readers - start) }, (_, i) => joinedReader(urls[(start + i) % urls.length]!, threadId));
    for (const result of await Promise.allSettled(batch)) if (result.status === "fulfilled") sockets.push(result.value);
    if (sockets.length < start + batch.length) {
      for (const s of sockets) s.disconnect();
      throw new Error(`only ${sockets.length} of ${start + batch.length} readers could join`);
    }
  }
  return sockets;
}

/** Posts one reply and waits until every reader has it (or the timeout); times in ms from the send. */
/** One `post:created` as the app sent it: the bare server broadcasts the same bytes. */
let samplePayload: PostEvent | null = null;

async function oneRound(sockets: ClientSocket[], post: () => Promise<unknown>, expectedNumber: number) {
  const arrivals: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onPost = (event: PostEvent) => {
    if (event.post.number !== expectedNumber) return;
    samplePayload ??= event;
    arrivals.push(performance.now());
    if (arrivals.length === sockets.length) done();
  };
  for (const s of sockets) s.on("post:created", onPost);
  const sentAt = performance.now();
  await post();
  const writeMs = performance.now() - sentAt;
  await Promise.race([all, sleep(DELIVERY_TIMEOUT_MS)]);
  for (const s of sockets) s.off("post:created", onPost);
  const latencies = arrivals.map((t) => t - sentAt);
  return { latencies, writeMs, spread: latencies.length ? Math.max(...latencies) - Math.min(...latencies) : Number.NaN };
}

/**
 * One round to warm up (Markdown worker, JIT, connections), not counted, then ROUNDS measured
 * ones; round r's post is number 2 + r in the thread.
 */
async function measureRounds(scenario: Scenario, sockets: ClientSocket[], send: (round: number) => () => Promise<unknown>): Promise<ScenarioResult> {
  await oneRound(sockets, send(0), 2);
  const result: ScenarioResult = { scenario, readers: sockets.length, delivered: 0, expected: 0, latencies: [], spreads: [], writes: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    await sleep(300);
    const r = await oneRound(sockets, send(round), 2 + round);
    result.latencies.push(...r.latencies);
    result.delivered += r.latencies.length;
    result.expected += sockets.length;
    result.spreads.push(r.spread);
    result.writes.push(r.writeMs);
  }
  return result;
}

/** The same rounds against bench/bare-socketio-node.ts: join, then a POST that only broadcasts. */
async function runBareScenario(scenario: Scenario, scratch: string): Promise<ScenarioResult> {
  if (!samplePayload) throw new Error("the bare broadcast needs a payload the app sent first");
  const payloadFile = path.join(scratch, "payload.json");
  writeFileSync(payloadFile, JSON.stringify(samplePayload));
  const bare = await startNodeProcess("bench/bare-socketio-node.ts", { BARE_PAYLOAD: payloadFile });
  let sockets: ClientSocket[] = [];
  try {
    const threadId = samplePayload.threadId;
    sockets = await connectReaders([bare.url], threadId, scenario.readers);
    await sleep(1_000);
    const broadcast = (number: number) => async () => {
      const res = await fetch(`${bare.url}/broadcast`, { method: "POST", body: JSON.stringify({ threadId, number }) });
      if (res.status !== 201) throw new Error(`bare broadcast: ${res.status}`);
    };
    return await measureRounds(scenario, sockets, (round) => broadcast(2 + round));
  } finally {
    for (const s of sockets) s.disconnect();
    await bare.stop();
  }
}

async function runScenario(env: BenchEnvironment, scenario: Scenario): Promise<ScenarioResult> {
  const nodes: NodeProcess[] = await Promise.all(
    Array.from({ length: scenario.nodes }, () =>
      startNodeProcess("bench/fanout-node.ts", {
        DATABASE_URL: env.databaseUrl,
        BENCH_ADAPTER: scenario.adapter,
        EXPECTED_NODES: String(scenario.nodes),
        ...(env.redisUrl ? { REDIS_URL: env.redisUrl } : {}),
      }),
    ),
  );
  let sockets: ClientSocket[] = [];
  try {
    const post = await loginAs(nodes[0]!.url, "carol");
    const categories = (await (await fetch(`${nodes[0]!.url}/api/v1/categories`)).json()) as { categories: { id: number; slug: string }[] };
    const categoryId = categories.categories.find((c) => c.slug === "how-do-i")!.id;
    const created = await post("/api/v1/threads", { categoryId, kind: "question", title: `Fan-out ${scenario.name}`, body: `Benchmark thread for ${scenario.name}, ${Date.now()}.` });
    if (created.status !== 201) throw new Error(`thread: ${created.status} ${JSON.stringify(created.body)}`);
    const threadId = (created.body.thread as { id: number }).id;

    sockets = await connectReaders(nodes.map((n) => n.url), threadId, scenario.readers);
    // Let the join burst's presence recounts finish before measuring.
    await sleep(2_000);

    const reply = (round: number) => async () => {
      const res = await post(`/api/v1/threads/${threadId}/posts`, { body: `Fan-out round ${round} of ${scenario.name} at ${Date.now()}` });
      if (res.status !== 201) throw new Error(`reply: ${res.status} ${JSON.stringify(res.body)}`);
    };
    return await measureRounds(scenario, sockets, reply);
  } finally {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

export const fanoutBenchmark: Benchmark = {
  name: "Socket.IO fan-out",
  async run(env) {
    const scenarios: Scenario[] = [
      { name: "1 node, Postgres adapter", nodes: 1, adapter: "postgres", readers: READERS },
      { name: "2 nodes, Postgres adapter", nodes: 2, adapter: "postgres", readers: READERS },
      ...(env.redisUrl ? [{ name: "2 nodes, Redis adapter", nodes: 2, adapter: "redis" as const, readers: READERS }] : []),
      { name: "1 node, Postgres adapter", nodes: 1, adapter: "postgres", readers: MANY_READERS },
      { name: "bare Socket.IO (ceiling)", nodes: 1, adapter: "bare", readers: READERS },
      { name: "bare Socket.IO (ceiling)", nodes: 1, adapter: "bare", readers: MANY_READERS },
    ];
    const results: ScenarioResult[] = [];
    const scratch = mkdtempSync(path.join(tmpdir(), "gleaner-bench-fanout-"));
    try {
      for (const scenario of scenarios) {
        console.log(`  fan-out: ${scenario.name}, ${scenario.readers} readers…`);
        results.push(scenario.adapter === "bare" ? await runBareScenario(scenario, scratch) : await runScenario(env, scenario));
      }
    } finally {
      await stopAllNodeProcesses();
      rmSync(scratch, { recursive: true, force: true });
    }
    const p99 = (r: ScenarioResult) => percentile(r.latencies, 99);
    const bareFor = (readers: number) => results.find((r) => r.scenario.adapter === "bare" && r.scenario.readers === readers);
    const rows = results.map((r) => {
      const bare = r.scenario.adapter === "bare" ? undefined : bareFor(r.scenario.readers);
      return [
        r.scenario.name,
        String(r.readers),
        `${r.delivered}/${r.expected}`,
        ms(percentile(r.latencies, 50)),
        ms(p99(r)),
        ms(Math.max(...r.latencies)),
        ms(percentile(r.spreads, 50)),
        ms(percentile(r.writes, 50)),
        bare ? (p99(r) / p99(bare)).toFixed(2) : "–",
      ].join(" | ");
    });
    const targets = [READERS, MANY_READERS].map((readers) => {
      const app = results.find((r) => r.scenario.adapter === "postgres" && r.scenario.nodes === 1 && r.scenario.readers === readers);
      const bare = bareFor(readers);
      const factor = app && bare ? p99(app) / p99(bare) : Number.NaN;
      const complete = app ? app.delivered === app.expected : false;
      return { readers, factor, ok: complete && factor <= BARE_FACTOR, complete };
    });
    writeResults("fanout", {
      scenarios: results.map((r) => ({ name: r.scenario.name, nodes: r.scenario.nodes, adapter: r.scenario.adapter, readers: r.readers, delivered: r.delivered, expected: r.expected, p50Ms: percentile(r.latencies, 50), p99Ms: p99(r), spreadP50Ms: percentile(r.spreads, 50), writeP50Ms: percentile(r.writes, 50) })),
      targets: targets.map((t) => ({ target: `p99 within ${BARE_FACTOR}× bare Socket.IO at ${t.readers} readers`, value: t.factor, met: t.ok })),
    });
    return [
      `One reply posted through node A's HTTP API to a thread with its readers (socket.io-client, websocket transport, anonymous) in its room, spread evenly over the nodes; ${ROUNDS} measured rounds after one warm-up round. Latency is from sending the POST to each reader's \`post:created\`, so it includes the write (Markdown rendering and the transaction); *spread* is the fan-out alone (last − first arrival in a round, median over rounds). The ceiling is a bare Socket.IO server (bench/bare-socketio-node.ts: no adapter, no database) broadcasting the payload the app sent, on a POST that does nothing else. All readers live in one measuring process, so its own event loop is part of every figure: a ratio below 1 means that process, not either server, set the pace (on this 2-core machine it shares the CPU with the server it measures).`,
      "",
      "| setup | readers | delivered | p50 | p99 | max | spread (p50) | HTTP write (p50) | p99 / bare p99 |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((row) => `| ${row} |`),
      "",
      "| target | measured | met |",
      "|---|---|:---:|",
      ...targets.map((t) => `| 1 node: p99 within ${BARE_FACTOR}× the bare broadcast at ${t.readers.toLocaleString("en")} readers${t.complete ? "" : " (not every reader got every post)"} | ${Number.isFinite(t.factor) ? `${t.factor.toFixed(2)}×` : "n/a"} | ${t.ok ? "yes" : "**no**"} |`),
    ].join("\n");
  },
};
