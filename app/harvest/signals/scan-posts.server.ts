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
 * Stores what a batch's detection found, in one transaction. The revision stored is the one
 * detected: a post edited meanwhile is scanned again by the next pass.
 */
export async function storeScan(db: Db, { posts, found }: DetectedBatch): Promise<ScanOutcome> {
  const outcome: ScanOutcome = { scanned: 0, signals: 0, removed: 0, evidence: 0, authors: new Set() };
  if (posts.length === 0) return outcome;
  await db.transaction().execute(async (tx) => {
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
    // What an edit took away goes, and the evidence and lead points with it (cascades).
    const { rows: removed } = await sql<{ author_id: number }>`
      delete from post_signals ps
      where ps.post_id = any(${posts.map((p) => p.id)}::int[])
        and not exists (
          select 1 from unnest(${rows.map((r) => r.post_id)}::int[], ${rows.map((r) => r.kind)}::text[]) as k (post_id, kind)
          where k.post_id = ps.post_id and k.kind = ps.kind)
      returning ps.author_id`.execute(tx);
    outcome.removed = removed.length;
    for (const r of removed) outcome.authors.add(r.author_id);
    const stored = rows.length
      ? await tx
          .insertInto("post_signals")
          .values(rows)
          .onConflict((oc) =>
            oc.columns(["post_id", "kind"]).doUpdateSet((eb) => ({
              score: eb.ref("excluded.score"),
              matched: eb.ref("excluded.matched"),
              quote: eb.ref("excluded.quote"),
              language: eb.ref("excluded.language"),
              post_revision: eb.ref("excluded.post_revision"),
            })),
          )
          .returning(["id", "kind", "thread_id", "author_id"])
          .execute()
      : [];
    outcome.signals = stored.length;
    for (const s of stored) outcome.authors.add(s.author_id);
    const ideaThreads = new Set(found.filter((f) => f.post.kind === "idea").map((f) => f.post.thread_id));
    const evidence = stored.filter((s) => s.kind !== "buying_intent");
    if (evidence.length > 0) {
      const inserted = await tx
        .insertInto("idea_evidence")
        .values(
          evidence.map((s) =>
            ideaThreads.has(s.thread_id) ? { signal_id: s.id, idea_thread_id: s.thread_id, status: "attached" as const } : { signal_id: s.id, idea_thread_id: null, status: "candidate" as const },
          ),
        )
        .onConflict((oc) => oc.column("signal_id").doNothing())
        .returning("id")
        .execute();
      outcome.evidence = inserted.length;
    }
    await tx
      .insertInto("post_signal_scans")
      .values(posts.map((p) => ({ post_id: p.id, revision: p.revision })))
      .onConflict((oc) => oc.column("post_id").doUpdateSet((eb) => ({ revision: eb.ref("excluded.revision"), scanned_at: sql`now()` })))
      .execute();
  });
  outcome.scanned = posts.length;
  return outcome;
}
