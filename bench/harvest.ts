/**
 * Harvest passes at scale: BENCH_SCALE synthetic threads (100,000 by default, about 20% of the
 * questions with an accepted answer) loaded with the scale seed, then
 * 1. a full pass on a knowledge base that has nothing yet (every accepted answer becomes a draft),
 * 2. a full pass again (nothing changed: the cost of finding that out),
 * 3. 100 answers accepted through the app's own service, then an incremental pass.
 * Targets on this 2-core machine: full pass under 60 s, incremental under 2 s.
 */
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { startJobQueue } from "../app/jobs/job-queue.server";
import { createLogger } from "../app/lib/logger.server";
import { runHarvestPass, type PassStage, type PassStats } from "../app/harvest/pass.server";
import { recordCliRun } from "../app/harvest/runs.server";
import { toActor } from "../app/services/auth.server";
import { acceptAnswer } from "../app/services/community/answers.server";
import { createEventBus } from "../app/services/events";
import { createDb } from "../db/index";
import { BENCH_SCALE as SCALE, scaleSeeded } from "./lib/scale";
import type { Benchmark } from "./types";

const NEW_ACCEPTED = 100;
const FULL_TARGET_MS = 60_000;
const INCREMENTAL_TARGET_MS = 2_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const harvestBenchmark: Benchmark = {
  name: "Harvest passes",
  async run({ databaseUrl }) {
    const db = createDb(databaseUrl, { poolSize: 6 });
    const logger = createLogger("warn");
    const jobs = await startJobQueue({ databaseUrl, logger });
    const deps = { db, events: createEventBus(), logger, jobs };
    try {
      const seeded = await scaleSeeded(databaseUrl, db);
      const timed = async (scope: "full" | "incremental"): Promise<{ ms: number; stats: PassStats; stages: Partial<Record<PassStage, number>> }> => {
        const runId = await recordCliRun(db, scope);
        const stages: Partial<Record<PassStage, number>> = {};
        const started = performance.now();
        const stats = await runHarvestPass(deps, runId, { onStage: (stage, ms) => (stages[stage] = ms) });
        return { ms: performance.now() - started, stats, stages };
      };
      console.log("  full pass on an empty knowledge base…");
      const first = await timed("full");
      console.log("  full pass again…");
      const again = await timed("full");

      // 100 open questions with a reply get an answer accepted, as their askers would.
      const candidates = await sql<{ thread_id: number; post_id: number }>`
        select distinct on (t.id) t.id as thread_id, p.id as post_id
        from threads t join posts p on p.thread_id = t.id and p.number > 1 and p.status = 'visible'
        join users u on u.id = t.author_id
        where t.kind = 'question' and t.status = 'open' and t.accepted_post_id is null and not t.hidden and not t.awaiting_approval
          and t.merged_into_id is null and (u.suspended_until is null or u.suspended_until < now())
        order by t.id, p.number limit ${NEW_ACCEPTED}`.execute(db);
      const owners = await db.selectFrom("threads").innerJoin("users", "users.id", "threads.author_id").selectAll("users").select("threads.id as thread_id").where("threads.id", "in", candidates.rows.map((c) => c.thread_id)).execute();
      const ctx = { db, events: deps.events, jobs };
      for (const c of candidates.rows) {
        const owner = owners.find((o) => o.thread_id === c.thread_id)!;
        await acceptAnswer(ctx, toActor(owner, "session"), c.post_id);
      }
      console.log(`  incremental pass after ${candidates.rows.length} new accepted answers…`);
      const incremental = await timed("incremental");

      const rows = [
        ["full pass, empty knowledge base", first, FULL_TARGET_MS],
        ["full pass, nothing changed", again, FULL_TARGET_MS],
        [`incremental pass after ${candidates.rows.length} new accepted answers`, incremental, INCREMENTAL_TARGET_MS],
      ] as const;
      return [
        `${SCALE.toLocaleString("en")} threads and ${seeded.rows.posts?.toLocaleString("en") ?? "?"} posts from \`npm run seed -- --scale ${SCALE}\` (${seeded.facts.acceptedAnswers.toLocaleString("en")} accepted answers), loaded in ${seconds(seeded.durationMs)}. Each pass runs in this process through \`runHarvestPass\` (as \`npm run harvest\` does), batches of 200 threads.`,
        "",
        "| pass | duration | scanned | created | updated | flagged | archived | skipped | failed | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
        ...rows.map(([name, r, target]) => `| ${name} | ${seconds(r.ms)} | ${r.stats.scanned} | ${r.stats.created} | ${r.stats.updated} | ${r.stats.flagged} | ${r.stats.archived} | ${r.stats.skipped} | ${r.stats.failed} | < ${seconds(target)} | ${r.ms < target ? "yes" : "**no**"} |`),
        "",
        "Where each pass spent its time, and the signals stage's work (members' posts run through the detectors):",
        "",
        "| pass | find work | articles | signals | leads | posts scanned | signals stored | evidence | leads created / rescored |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...rows.map(([name, r]) => `| ${name} | ${seconds(r.stages["find work"] ?? 0)} | ${seconds(r.stages.articles ?? 0)} | ${seconds(r.stages.signals ?? 0)} | ${seconds(r.stages.leads ?? 0)} | ${r.stats.postsScanned.toLocaleString("en")} | ${r.stats.signals.toLocaleString("en")} | ${r.stats.evidence.toLocaleString("en")} | ${r.stats.leadsCreated} / ${r.stats.leadsUpdated} |`),
      ].join("\n");
    } finally {
      await jobs.stop();
      await db.destroy();
    }
  },
};
