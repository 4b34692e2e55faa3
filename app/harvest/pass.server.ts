/**
 * A harvest pass: every thread that has (or had) an accepted answer, or only those changed since
 * the last pass (incremental), brought up to date with the knowledge base; then members' new
 * or edited posts run through the detectors (signals, idea evidence) and the leads of everyone
 * whose signals changed rescored.
 *
 * The work to do is found in one query, by comparing each source's signature with the one its
 * article last took (harvest_sources, migration 0007): an up-to-date knowledge base costs one
 * query however many threads it has. What differs is harvested in batches (harvest-threads),
 * with the run's figures and progress written after each batch, so an admin watching sees it
 * move, and a pass that dies half-way is resumed by its retry with nothing done twice.
 */
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Db } from "../../db/index";
import type { Logger } from "../lib/logger.server";
import type { EventBus } from "../services/events";
import type { JobQueue } from "../jobs/job-queue.server";
import { getLeadWeights } from "../services/leads/weights.server";
import { harvestThreads, type FaultInjector, type HarvestAction } from "./harvest-threads.server";
import { refreshLeads } from "./leads/refresh-leads.server";
import { POOL_THRESHOLD, startDetectorPool } from "./signals/detector-pool.server";
import { detectBatch, dropSignalsOfHiddenPosts, findPostsToScan, storeScan, type DetectedBatch } from "./signals/scan-posts.server";

export interface PassStats {
  /** Knowledge base: threads looked at, and what happened to their articles. */
  scanned: number;
  created: number;
  updated: number;
  flagged: number;
  archived: number;
  skipped: number;
  failed: number;
  /** Signals: posts run through the detectors, signals stored, idea evidence found. */
  postsScanned: number;
  signals: number;
  evidence: number;
  /** Leads created and rescored. */
  leadsCreated: number;
  leadsUpdated: number;
}

export const EMPTY_STATS: PassStats = {
  scanned: 0,
  created: 0,
  updated: 0,
  flagged: 0,
  archived: 0,
  skipped: 0,
  failed: 0,
  postsScanned: 0,
  signals: 0,
  evidence: 0,
  leadsCreated: 0,
  leadsUpdated: 0,
};

const COUNTED_AS: Record<HarvestAction, keyof PassStats> = {
  create: "created",
  refresh: "updated",
  flag: "flagged",
  archive: "archived",
  sync: "skipped",
  skip: "skipped",
};

export interface PassDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  /** New leads are announced by webhook deliveries, enqueued with them. */
  jobs: JobQueue;
}

/** Posts per detector batch: detection is CPU work, the batch's writes one statement. */
const POST_BATCH = 1_000;
/** Batches stored at once, each on a connection of its own (the pool has more). */
const STORES_IN_FLIGHT = 2;

export interface PassOptions {
  batchSize?: number;
  faults?: FaultInjector;
  /** After each batch: for a progress bar. */
  onProgress?: (processed: number, total: number, stats: PassStats) => void;
  /** Posts to scan from which detection runs on detector threads (detector-pool.server.ts). */
  detectorPoolThreshold?: number;
  /** When each stage ends, with its wall-clock time: what a benchmark or an operator tunes by. */
  onStage?: (stage: PassStage, ms: number) => void;
}

export type PassStage = "find work" | "articles" | "signals" | "leads";

/** Changes committed shortly before the previous pass read them may carry an earlier changed_at. */
const WATERMARK_OVERLAP = "2 minutes";
const WATERMARK_KEY = "watermark";
/** The pass lock: one pass at a time across nodes and the command line (per-thread locks make overlap safe, this avoids doing it twice). */
const PASS_LOCK = [0x48_56, 0] as const;

export async function readWatermark(db: Db): Promise<Date | null> {
  const row = await db.selectFrom("harvest_state").select("value").where("key", "=", WATERMARK_KEY).executeTakeFirst();
  return row ? new Date(row.value as string) : null;
}

/**
 * Threads the pass looks at (`scanned`) and, of those, the ones whose article is missing or out
 * of date, in id order. Incremental: only threads whose changed_at moved since the watermark.
 */
async function findWork(db: Db, since: Date | null): Promise<{ scanned: number; todo: number[] }> {
  const { rows } = await sql<{ thread_id: number; todo: boolean }>`
    select hs.thread_id, (s.signature is distinct from hs.signature) as todo
    from harvest_sources hs
    left join kb_article_sources s on s.thread_id = hs.thread_id
    where (hs.accepted_post_id is not null or s.thread_id is not null)
      ${since ? sql`and hs.changed_at >= ${since}::timestamptz - ${WATERMARK_OVERLAP}::interval` : sql``}
    order by hs.thread_id`.execute(db);
  return { scanned: rows.length, todo: rows.filter((r) => r.todo).map((r) => r.thread_id) };
}

/**
 * People whose lead may need scoring besides the authors of changed signals: voters since the
 * watermark, or (full pass) everyone with a signal, a vote or a lead.
 */
async function leadCandidates(db: Db, since: Date | null): Promise<number[]> {
  const { rows } = since
    ? await sql<{ id: number }>`select distinct user_id as id from idea_votes where created_at >= ${since}::timestamptz - interval '2 minutes'`.execute(db)
    : await sql<{ id: number }>`
        select author_id as id from post_signals
        union select user_id from idea_votes
        union select user_id from leads`.execute(db);
  return rows.map((r) => r.id);
}

/** A batch that fails as a whole is retried thread by thread, so one bad thread costs only itself. */
async function harvestBatch(deps: PassDeps, ids: number[], stats: PassStats, faults?: FaultInjector): Promise<void> {
  try {
    for (const outcome of await harvestThreads(deps.db, ids, { faults })) stats[COUNTED_AS[outcome.action]]++;
    return;
  } catch (error) {
    if (ids.length === 1 || faults) throw error;
    deps.logger.warn("harvest batch failed; retrying its threads one by one", { first: ids[0], error: (error as Error).message });
  }
  for (const id of ids) {
    try {
      for (const outcome of await harvestThreads(deps.db, [id])) stats[COUNTED_AS[outcome.action]]++;
    } catch (error) {
      stats.failed++;
      deps.logger.error("harvest of a thread failed", { threadId: id, error: (error as Error).message });
    }
  }
}

/**
 * Runs the pass recorded as `runId` (queued, or running when a retry resumes it) to its end.
 * Returns its figures; on a failure the run is marked failed and the error rethrown (the job
 * queue retries it).
 */
export async function runHarvestPass(deps: PassDeps, runId: number, options: PassOptions = {}): Promise<PassStats> {
  const { db } = deps;
  const batchSize = options.batchSize ?? 200;
  return db.connection().execute(async (lockConnection) => {
    // Held on a connection of its own for the whole pass; the batches use the pool.
    await sql`select pg_advisory_lock(${PASS_LOCK[0]}, ${PASS_LOCK[1]})`.execute(lockConnection);
    try {
      const run = await db
        .updateTable("harvest_runs")
        .set({ status: "running", started_at: sql`coalesce(started_at, now())`, heartbeat_at: sql`now()`, error: null })
        .where("id", "=", runId)
        .where("status", "in", ["queued", "running", "failed"])
        .returning(["scope", "stats", "processed", sql<Date>`now()`.as("now")])
        .executeTakeFirst();
      if (!run) return { ...EMPTY_STATS }; // already done (a duplicate delivery of a finished job)
      const passStartedAt = run.now;
      const since = run.scope === "incremental" ? await readWatermark(db) : null;
      // A resumed run keeps what it had counted; what it already did is no longer "to do".
      const stats: PassStats = { ...EMPTY_STATS, ...run.stats };
      let stageStart = performance.now();
      const stageDone = (stage: PassStage) => {
        const now = performance.now();
        options.onStage?.(stage, now - stageStart);
        stageStart = now;
      };
      const { scanned, todo } = await findWork(db, since);
      stats.scanned = Math.max(stats.scanned, scanned);
      const postsTodo = await findPostsToScan(db, since);
      let processed = run.processed;
      const total = processed + todo.length + postsTodo.length;
      stageDone("find work");
      const report = async () => {
        await db.updateTable("harvest_runs").set({ processed, total, stats: JSON.stringify(stats), heartbeat_at: sql`now()` }).where("id", "=", runId).execute();
        deps.events.publish({ type: "harvest:progress", runId, status: "running", processed, total, stats: { ...stats } });
        options.onProgress?.(processed, total, stats);
      };
      await report();
      for (let at = 0; at < todo.length; at += batchSize) {
        const batch = todo.slice(at, at + batchSize);
        await harvestBatch(deps, batch, stats, options.faults);
        processed += batch.length;
        await report();
      }
      // Whatever was looked at and not changed (up to date, or nothing to take) was skipped.
      stats.skipped = stats.scanned - stats.created - stats.updated - stats.flagged - stats.archived - stats.failed;
      stageDone("articles");

      // Signals, then the leads of everyone whose signals changed (or, in a full pass, of
      // everyone who could be one: weights may have changed since the last).
      const authors = await dropSignalsOfHiddenPosts(db);
      const pool = postsTodo.length >= (options.detectorPoolThreshold ?? POOL_THRESHOLD) ? startDetectorPool() : null;
      try {
        // Batches are read and detected ahead while others are stored, and two are stored at
        // once on connections of their own: detection is CPU work here (or on the detector
        // threads), storing is the database's, and one store at a time left a core idle. Each
        // store is one transaction, so a pass that dies keeps whole batches and rescans the rest.
        const batches: number[][] = [];
        for (let at = 0; at < postsTodo.length; at += POST_BATCH) batches.push(postsTodo.slice(at, at + POST_BATCH));
        const detecting = new Map<number, Promise<DetectedBatch>>();
        const detectAt = (i: number) => {
          if (i >= batches.length || detecting.has(i)) return;
          const detected = detectBatch(db, batches[i]!, pool?.detect);
          detected.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
          detecting.set(i, detected);
        };
        let next = 0;
        let failed = false;
        // Progress is written in the order the stores finish, each report with the figures so far.
        let reported: Promise<void> = Promise.resolve();
        const lane = async () => {
          while (!failed && next < batches.length) {
            const i = next++;
            for (let ahead = 0; ahead <= STORES_IN_FLIGHT; ahead++) detectAt(i + ahead);
            const detected = await detecting.get(i)!;
            detecting.delete(i);
            const scan = await storeScan(db, detected);
            stats.postsScanned += scan.scanned;
            stats.signals += scan.signals;
            stats.evidence += scan.evidence;
            for (const a of scan.authors) authors.add(a);
            processed += batches[i]!.length;
            reported = reported.then(report);
            await reported;
          }
        };
        const lanes = await Promise.allSettled(
          Array.from({ length: STORES_IN_FLIGHT }, () =>
            lane().catch((error: unknown) => {
              failed = true;
              throw error;
            }),
          ),
        );
        const failure = lanes.find((l): l is PromiseRejectedResult => l.status === "rejected");
        if (failure) throw failure.reason;
      } finally {
        await pool?.close();
      }
      stageDone("signals");
      for (const id of await leadCandidates(db, since)) authors.add(id);
      const leads = await refreshLeads(deps, authors, await getLeadWeights(db));
      stats.leadsCreated += leads.created;
      stats.leadsUpdated += leads.updated;
      stageDone("leads");
      await db.transaction().execute(async (tx) => {
        await tx.updateTable("harvest_runs").set({ status: "done", finished_at: sql`now()`, processed, total, stats: JSON.stringify(stats) }).where("id", "=", runId).execute();
        // Everything changed before this pass began has been seen.
        await tx
          .insertInto("harvest_state")
          .values({ key: WATERMARK_KEY, value: JSON.stringify(passStartedAt.toISOString()) })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(passStartedAt.toISOString()), updated_at: sql`now()` }))
          .execute();
      });
      deps.events.publish({ type: "harvest:progress", runId, status: "done", processed, total, stats: { ...stats } });
      options.onProgress?.(processed, total, stats);
      return stats;
    } catch (error) {
      await db
        .updateTable("harvest_runs")
        .set({ status: "failed", error: (error as Error).message.slice(0, 500) })
        .where("id", "=", runId)
        .execute()
        .catch(() => undefined);
      deps.events.publish({ type: "harvest:progress", runId, status: "failed", processed: 0, total: 0, stats: { ...EMPTY_STATS } });
      throw error;
    } finally {
      await sql`select pg_advisory_unlock(${PASS_LOCK[0]}, ${PASS_LOCK[1]})`.execute(lockConnection).catch(() => undefined);
    }
  });
}
