/**
 * `npm run bench`: runs every benchmark below against a throwaway database and writes
 * bench/report.md with the results and the facts of the machine they were measured on.
 * Traffic goes only to 127.0.0.1; every benchmark bounds its counts and stops by itself.
 * Add a benchmark by implementing `Benchmark` (bench/types.ts) and listing it here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fanoutBenchmark } from "./fanout";
import { harvestBenchmark } from "./harvest";
import { httpBenchmark } from "./http";
import { createBenchDatabase } from "./lib/database";
import { searchRelevanceBenchmark } from "./search-relevance";
import { stopAllNodeProcesses } from "./lib/processes";
import { writeReportSection } from "./lib/report";
import type { Benchmark } from "./types";

const BENCHMARKS: Benchmark[] = [httpBenchmark, fanoutBenchmark, searchRelevanceBenchmark, harvestBenchmark];
/** A benchmark that hangs must not keep the machine busy: the whole run is bounded (the scale seed alone takes minutes). */
const RUN_TIMEOUT_MS = 40 * 60_000;

function ensureBuild(): void {
  if (existsSync("build/index.js")) return;
  console.log("Building Gleaner…");
  const result = spawnSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("remix build failed");
}

function openFileLimit(): string {
  try {
    return execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function machineFacts(postgresVersion: string, redisUrl: string | undefined): string {
  const cpus = os.cpus();
  return [
    "| fact | value |",
    "|---|---|",
    `| date | ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC |`,
    `| CPU | ${cpus[0]?.model ?? "unknown"} × ${cpus.length} |`,
    `| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} (${os.arch()}) |`,
    `| Node.js | ${process.version} |`,
    `| PostgreSQL | ${postgresVersion} |`,
    `| Redis | ${redisUrl ? "REDIS_URL set (loopback)" : "not used"} |`,
    `| open files limit | ${openFileLimit()} |`,
    // A shared machine's other work shows up in the numbers: say how busy it was.
    `| load average at start (1/5/15 min) | ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")} |`,
  ].join("\n");
}

async function main(): Promise<void> {
  ensureBuild();
  const redisUrl = process.env.REDIS_URL || undefined;
  const database = await createBenchDatabase();
  const sections: { id: string; markdown: string }[] = [];
  try {
    // BENCH_ONLY=harvest (a word of a benchmark's name) runs just those.
    const only = process.env.BENCH_ONLY?.toLowerCase();
    for (const benchmark of BENCHMARKS.filter((b) => !only || b.name.toLowerCase().includes(only))) {
      console.log(`${benchmark.name}…`);
      const id = benchmark.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      sections.push({ id, markdown: `## ${benchmark.name}\n\n${await benchmark.run({ databaseUrl: database.url, redisUrl })}` });
    }
  } finally {
    await stopAllNodeProcesses();
    await database.drop();
  }
  // Each benchmark owns its section, so a partial run (BENCH_ONLY) and the other tools (soak run,
  // detector and search evaluations) leave the rest of the report as it was.
  writeReportSection(
    "bench",
    [
      "Written by `npm run bench` (bench/run.ts). Numbers are from one run on the machine below; compare runs on the same machine only.",
      "",
      "## Machine (last `npm run bench`)",
      "",
      machineFacts(database.serverVersion, redisUrl),
    ].join("\n"),
  );
  for (const { id, markdown } of sections) writeReportSection(`bench-${id}`, markdown);
  console.log(`\nWrote bench/report.md\n\n${sections.map((s) => s.markdown).join("\n\n")}`);
}

const timeout = setTimeout(() => {
  console.error(`The benchmarks did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes; stopping.`);
  void stopAllNodeProcesses().finally(() => process.exit(1));
}, RUN_TIMEOUT_MS);
timeout.unref();

main()
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(error);
    await stopAllNodeProcesses();
    process.exit(1);
  });
