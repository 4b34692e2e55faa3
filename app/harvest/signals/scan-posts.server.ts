/**
 * The signals stage of a pass: members' posts run through the detectors, the strongest sentence
 * of each kind kept per post (`post_signals`), feature requests and implied needs turned into
 * idea evidence (attached when written in an idea thread, a candidate otherwise).
 *
 * Keyed so that running it again adds nothing: a signal is one row per (post, kind), evidence
 * one row per signal, and each post's scanned revision is remembered, so a pass scans only the
 * posts that are new or edited since. An edited post that no longer says something loses that
 * signal (and, with it, the evidence and lead points it gave).
 */
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import type { Language, SignalKindColumn } from "../../../db/schema";
import type { Signal } from "../detectors";
import { detectInline, type Detect } from "./detector-pool.server";

export interface ScanOutcome {
  scanned: number;
  signals: number;
  removed: number;
  evidence: number;
  /** People whose signals changed: their lead scores are due. */
  authors: Set<number>;
}

/**
 * Members' visible posts not yet scanned at their current revision, in id order. Incremental:
 * only posts written or edited since `since`. Staff posts are left out: a moderator's "please add"
 * is not a customer's.
 */
export async function findPostsToScan(db: Db, since: Date | null): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select p.id from posts p
    join users u on u.id = p.author_id
    left join post_signal_scans s on s.post_id = p.id
    where p.status = 'visible' and u.role = 'member' and (s.post_id is null or s.revision <> p.revision)
      ${since ? sql`and (p.created_at >= ${since}::timestamptz - interval '2 minutes' or p.edited_at >= ${since}::timestamptz - interval '2 minutes')` : sql``}
    order by p.id`.execute(db);
  return rows.map((r) => r.id);
}

/** Signals of posts that are no longer visible (hidden, deleted, held again) go; returns their authors. */
export async function dropSignalsOfHiddenPosts(db: Db): Promise<Set<number>> {
  const { rows } = await sql<{ author_id: number }>`
    with gone as (
      delete from post_signals ps using posts p
      where p.id = ps.post_id and p.status <> 'visible'
      returning ps.author_id, ps.post_id
    ), forgotten as (
      delete from post_signal_scans sc using gone where sc.post_id = gone.post_id
    )
    select distinct author_id from gone`.execute(db);
  return new Set(rows.map((r) => r.author_id));
}

/** The strongest signal of each kind in a post. */
function strongestByKind(signals: Signal[]): Map<SignalKindColumn, Signal> {
  const best = new Map<SignalKindColumn, Signal>();
  for (const s of signals) if (!best.has(s.kind) || best.get(s.kind)!.score < s.score) best.set(s.kind, s);
  return best;
}

type PostToScan = { id: number; thread_id: number; author_id: number; body_md: string; revision: number; language: Language; kind: string };

/** Posts read and run through the detectors, not yet stored: the pass detects one batch while it stores the one before. */
export interface DetectedBatch {
  posts: PostToScan[];
  found: { post: PostToScan; best: Map<SignalKindColumn, Signal> }[];
}

/** Reads these posts (those still visible) and runs the detectors over them. */
export async function detectBatch(db: Db, postIds: number[], detect: Detect = detectInline): Promise<DetectedBatch> {
  if (postIds.length === 0) return { posts: [], found: [] };
  const posts = await db
    .selectFrom("posts as p")
    .innerJoin("threads as t", "t.id", "p.thread_id")
    .select(["p.id", "p.thread_id", "p.author_id", "p.body_md", "p.revision", "p.language", "t.kind"])
    .where("p.id", "in", postIds)
    .where("p.status", "=", "visible")
    .execute();
  // The post's language was identified when it was written (for search): the detectors take
  // it rather than loading a second identifier into this process.
  const detected = await detect(posts.map((p) => ({ text: p.body_md, language: p.language })));
  return { posts, found: posts.map((post, i) => ({ post, best: strongestByKind(detected[i]!) })) };
}

/**
 * Stores what a batch's detection found, in one statement (so one transaction and one round
 * trip): what an edit took away is deleted, the signals upserted, their idea evidence added and
 * the posts' scanned revisions recorded. The rows go as arrays (and the signals as one JSON
 * array) rather than as thousands of bound VALUES: the statement's text and plan stay the same
 * size whatever the batch's. The revision stored is the one detected: a post edited meanwhile is
 * scanned again by the next pass.
 */
export async function storeScan(db: Db, { posts, found }: DetectedBatch): Promise<ScanOutcome> {
  const outcome: ScanOutcome = { scanned: 0, signals: 0, removed: 0, evidence: 0, authors: new Set() };
  if (posts.length === 0) return outcome;
  const rows = found.flatMap(({ post, best }) =>
    [...best.values()].map((s) => ({
      post_id: post.id,
      thread_id: post.thread_id,
      author_id: post.author_id,
      kind: s.kind,
      score: s.score,
      matched: s.matched,
      quote: s.quote,
      language: s.language,
      post_revision: post.revision,
    })),
  );
  // Evidence found in an idea thread is attached to it; anywhere else it is a candidate.
  const ideaThreads = [...new Set(found.filter((f) => f.post.kind === "idea").map((f) => f.post.thread_id))];
  const { rows: result } = await sql<{ removed: number; signals: number; evidence: number; authors: number[] | null }>`
    with found as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json)
        as f (post_id integer, thread_id integer, author_id integer, kind text, score real, matched text[], quote text, language text, post_revision integer)
    ), removed as (
      -- What an edit took away goes, and the evidence and lead points with it (cascades).
      delete from post_signals ps
      where ps.post_id = any(${posts.map((p) => p.id)}::int[])
        and not exists (select 1 from found f where f.post_id = ps.post_id and f.kind = ps.kind)
      returning ps.author_id
    ), stored as (
      insert into post_signals (post_id, thread_id, author_id, kind, score, matched, quote, language, post_revision)
      select post_id, thread_id, author_id, kind, score, matched, quote, language, post_revision from found
      on conflict (post_id, kind) do update set
        score = excluded.score, matched = excluded.matched, quote = excluded.quote, language = excluded.language, post_revision = excluded.post_revision
      returning id, kind, thread_id, author_id
    ), evidence as (
      insert into idea_evidence (signal_id, idea_thread_id, status)
      select s.id,
        case when s.thread_id = any(${ideaThreads}::int[]) then s.thread_id end,
        case when s.thread_id = any(${ideaThreads}::int[]) then 'attached' else 'candidate' end
      from stored s where s.kind <> 'buying_intent'
      on conflict (signal_id) do nothing
      returning id
    ), scans as (
      insert into post_signal_scans (post_id, revision)
      select * from unnest(${posts.map((p) => p.id)}::int[], ${posts.map((p) => p.revision)}::int[])
      on conflict (post_id) do update set revision = excluded.revision, scanned_at = now()
    )
    select
      (select count(*) from removed)::int as removed,
      (select count(*) from stored)::int as signals,
      (select count(*) from evidence)::int as evidence,
      (select array_agg(distinct author_id) from (select author_id from removed union all select author_id from stored) a) as authors`.execute(db);
  const r = result[0]!;
  outcome.removed = r.removed;
  outcome.signals = r.signals;
  outcome.evidence = r.evidence;
  for (const a of r.authors ?? []) outcome.authors.add(a);
  outcome.scanned = posts.length;
  return outcome;
}
