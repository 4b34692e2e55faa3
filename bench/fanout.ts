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
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, PostEvent, ServerToClientEvents } from "../app/realtime/protocol";
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from "./lib/processes";
import { ms, percentile } from "./lib/stats";
import type { Benchmark, BenchEnvironment } from "./types";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const READERS = Number(process.env.BENCH_READERS ?? 1_000);
const ROUNDS = 5;
const CONNECT_BATCH = 100;
const DELIVERY_TIMEOUT_MS = 15_000;

interface Scenario {
  name: string;
  nodes: number;
  adapter: "postgres" | "redis";
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
  const res = await fetch(`${baseUrl}/api/v1/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ handle, password: "demo-password" }) });
  if (res.status !== 200) throw new Error(`login as ${handle}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return async (path, body) => {
    const r = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
}

async function connectReaders(urls: string[], threadId: number): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let start = 0; start < READERS; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, READERS - start) }, (_, i) => {
      const socket: ClientSocket = io(urls[(start + i) % urls.length]!, { transports: ["websocket"], forceNew: true, reconnection: false });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once("connect_error", reject);
        socket.once("connect", () => {
          socket
            .timeout(10_000)
            .emitWithAck("thread:join", { threadId })
            .then((reply) => ("ok" in reply ? resolve() : reject(new Error(reply.error.message))), reject);
        });
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/** Posts one reply and waits until every reader has it (or the timeout); times in ms from the send. */
async function oneRound(sockets: ClientSocket[], post: () => Promise<unknown>, expectedNumber: number) {
  const arrivals: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onPost = (event: PostEvent) => {
    if (event.post.number !== expectedNumber) return;
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

    sockets = await connectReaders(nodes.map((n) => n.url), threadId);
    // Let the join burst's presence recounts finish before measuring.
    await sleep(2_000);

    const reply = (round: number) => async () => {
      const res = await post(`/api/v1/threads/${threadId}/posts`, { body: `Fan-out round ${round} of ${scenario.name} at ${Date.now()}` });
      if (res.status !== 201) throw new Error(`reply: ${res.status} ${JSON.stringify(res.body)}`);
    };
    // One round to warm up (Markdown worker, JIT, connections), not counted.
    await oneRound(sockets, reply(0), 2);
    const result: ScenarioResult = { scenario, readers: sockets.length, delivered: 0, expected: 0, latencies: [], spreads: [], writes: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      await sleep(300);
      const r = await oneRound(sockets, reply(round), 2 + round);
      result.latencies.push(...r.latencies);
      result.delivered += r.latencies.length;
      result.expected += sockets.length;
      result.spreads.push(r.spread);
      result.writes.push(r.writeMs);
    }
    return result;
  } finally {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

export const fanoutBenchmark: Benchmark = {
  name: "Socket.IO fan-out",
  async run(env) {
    const scenarios: Scenario[] = [
      { name: "1 node, Postgres adapter", nodes: 1, adapter: "postgres" },
      { name: "2 nodes, Postgres adapter", nodes: 2, adapter: "postgres" },
      ...(env.redisUrl ? [{ name: "2 nodes, Redis adapter", nodes: 2, adapter: "redis" as const }] : []),
    ];
    const results: ScenarioResult[] = [];
    try {
      for (const scenario of scenarios) {
        console.log(`  fan-out: ${scenario.name}, ${READERS} readers…`);
        results.push(await runScenario(env, scenario));
      }
    } finally {
      await stopAllNodeProcesses();
    }
    const rows = results.map((r) =>
      [
        r.scenario.name,
        String(r.readers),
        `${r.delivered}/${r.expected}`,
        ms(percentile(r.latencies, 50)),
        ms(percentile(r.latencies, 99)),
        ms(Math.max(...r.latencies)),
        ms(percentile(r.spreads, 50)),
        ms(percentile(r.writes, 50)),
      ].join(" | "),
    );
    return [
      `One reply posted through node A's HTTP API to a thread with ${READERS} socket.io-client readers in its room (spread evenly over the nodes, websocket transport, anonymous), ${ROUNDS} measured rounds after one warm-up round. Latency is from sending the POST to each reader's \`post:created\`, so it includes the write (Markdown rendering and the transaction); *spread* is the fan-out alone (last − first arrival in a round, median over rounds). All readers live in one measuring process, so its own event loop is part of the spread.`,
      "",
      "| setup | readers | delivered | p50 | p99 | max | spread (p50) | HTTP write (p50) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((row) => `| ${row} |`),
    ].join("\n");
  },
};
