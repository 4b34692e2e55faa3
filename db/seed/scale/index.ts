/**
 * The scale seed: N synthetic threads (with about ten posts each, users across companies,
 * votes, follows, tags, accepted answers, ideas) for benchmarks, loaded with COPY.
 * Deterministic: the same database state, N and seed give the same rows.
 *
 * Order of work:
 *  0. demo roles and categories if the database is empty (db/seed/demo.ts); refusal if a scale
 *     seed is already there (unless `append`); templates rendered once through the app's
 *     Markdown pipeline (templates.ts).
 *  1. One transaction: categories and tags; a plan pass (post counts → post ids, and each
 *     user's activity); foreign keys of the bulk tables dropped (with --drop-indexes, their
 *     secondary indexes too); a marker row in `settings` saying "loading batch b, these ids, these index definitions";
 *     companies, users and their activity.
 *  2. One COPY per table, the big ones split by thread range, on two connections: PostgreSQL
 *     computes a tsvector for every post (the generated search columns), which is most of the
 *     load's cost, and one server process uses one core. Each pass regenerates the threads it
 *     needs (threads.ts). A sample of posts is re-derived with the app's own prepareBody.
 *  3. Foreign keys validated and added back (and indexes rebuilt, with --drop-indexes).
 *  4. Sequences moved past our ids, the marker says "done", ANALYZE.
 *
 * Phases 2–4 span several transactions (one process per core needs one connection each), so
 * a failure, or a killed process, leaves the marker at "loading": the failing run, or else the
 * next one, deletes that batch's rows by their id ranges and restores the indexes.
 */
import pg from "pg";
import type { Db } from "../../index";
import type { Language } from "../../schema";
import { DEMO_PASSWORD, isEmpty, seedDemoData } from "../demo";
import { hashPassword } from "../../../app/lib/passwords.server";
import { StartupError } from "../../../app/lib/startup-error";
import { prepareBody } from "../../../app/services/community/content.server";
import { normalizeTag } from "../../../app/services/community/tags.server";
import { SCALE_CATEGORIES, SCALE_TAGS } from "./catalog";
import { CopyWriter } from "./copy";
import { dropIndexesAndForeignKeys, quote, recreate, type SavedSchema } from "./indexes";
import { mapLimited, RENDER_CONCURRENCY, retryBusy } from "./limit";
import { makeCompanies, makeUsers } from "./people";
import { rngFor } from "./prng";
import type { Progress } from "./progress";
import { buildTemplates } from "./templates";
import { SEARCH_VERSION } from "../../../app/lib/language";
import { DAY, makePools, planThread, postId, threadCounters, titleFields, voteThread, writeThread, type PostBody, type SeedCategory, type ThreadPlan, type World } from "./threads";

export const SCALE_SEED_KEY = "scale_seed";
/** The data set's "now": fixed, so that two runs give the same timestamps. */
export const DATA_END = Date.UTC(2026, 10, 1);
/** Threads are spread over the two years before DATA_END. */
export const DATA_SPAN = 730 * DAY;
export const DEFAULT_SEED = "gleaner";
const PLAN_CACHE_LIMIT = 300_000;
const JOB_WEIGHTS: Record<string, number> = { posts: 10, post_revisions: 5, threads: 1.3, follows: 1.8, post_votes: 0.7, idea_votes: 0.2, thread_tags: 0.1, mod_actions: 0.1 };

/** Tables loaded in bulk: their secondary indexes and foreign keys are rebuilt after the load. */
const BULK_TABLES = ["threads", "posts", "post_revisions", "post_votes", "idea_votes", "follows", "thread_tags"] as const;
/** Every table the seed writes, for ANALYZE and the summary. */
const WRITTEN_TABLES = ["companies", "users", "user_activity", "categories", "tags", ...BULK_TABLES, "mod_actions"] as const;

export interface ScaleSeedOptions {
  /** Connection string: the COPY runs on a client of its own, with no statement timeout. */
  url: string;
  /** For the steps before the load (demo seed, the marker check). */
  db: Db;
  scale: number;
  seed?: string;
  /** Add another batch when a scale seed is already there, instead of refusing. */
  append?: boolean;
  /**
   * Drop the secondary indexes for the load and rebuild them after, instead of keeping them
   * (measured slower at 20,000 and 100,000 threads, see bench/report.md; kept for comparison).
   * Foreign keys are dropped and rebuilt either way.
   */
  dropIndexes?: boolean;
  /** Posts re-derived with the app's prepareBody and compared (0 = none). */
  verifySample?: number;
  /** Connections loading at once (default 2: one server process per core on this machine). */
  jobs?: number;
  progress: Progress;
}

export interface ScaleSeedSummary {
  batch: number;
  seed: string;
  scale: number;
  demoSeeded: boolean;
  rows: Record<string, number>;
  facts: { acceptedAnswers: number; ideas: number; languages: Record<string, number>; maxPostsInThread: number; templates: number; verified: number };
  timings: Record<string, number>;
  durationMs: number;
  logins: { password: string; examples: { handle: string; role: string }[] };
}

/**
 * The seed will not run as asked (a load already there, another one running, a bad scale): a
 * StartupError, so the command line prints its cause and remedy instead of a stack.
 */
export class SeedRefused extends StartupError {}

interface MarkerBatch {
  batch: number;
  seed: string;
  scale: number;
  threads: [number, number];
  posts: [number, number];
  users: [number, number];
  companies: [number, number];
}
interface MarkerLoading {
  batch: MarkerBatch;
  saved: SavedSchema;
}
/** The `settings` row that says what is loaded (and, while loading, what to undo). */
interface Marker {
  version: 1;
  batches: MarkerBatch[];
  loading?: MarkerLoading;
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

export async function seedScale(o: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const seed = o.seed ?? DEFAULT_SEED;
  const jobCount = Math.max(1, o.jobs ?? 2);
  if (!Number.isInteger(o.scale) || o.scale < 1) throw new SeedRefused(`--scale must be a positive whole number of threads, got ${o.scale}`, "pass --scale N with N from 1 up");
  const started = performance.now();
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - t);
    }
  };

  let demoSeeded = false;
  if (await isEmpty(o.db)) {
    // The demo roles, companies and categories, so the demo logins work on a seeded database.
    await seedDemoData(o.db);
    demoSeeded = true;
  }

  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: o.url });
    client.on("error", () => undefined); // a dropped connection surfaces as the failing query
    await client.connect();
    clients.push(client);
    // Long statements by design; no fsync wait per commit; index builds sort in memory.
    await client.query("set statement_timeout = 0");
    await client.query("set synchronous_commit = off");
    await client.query("set maintenance_work_mem = '1GB'");
    return client;
  };
  const control = await connect();
  let loading: MarkerLoading | undefined;
  try {
    // Held for the whole run (it ends with the connection): one seed at a time per database.
    const locked = await control.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext('gleaner:scale-seed')) as ok");
    if (!locked.rows[0]!.ok) throw new SeedRefused("another scale seed is loading into this database right now", "wait for it to finish (then use --append to add a batch), or seed another database");
    let marker = await readMarker(control);
    if (marker?.loading) {
      o.progress.log(`A previous scale seed (batch ${marker.loading.batch.batch}) was interrupted: removing its rows and restoring the indexes…`);
      await undo(control, clients, marker.loading);
      marker = await readMarker(control);
    }
    if (marker && marker.batches.length > 0 && !o.append) throw refusal(marker);
    const batch = marker?.batches.length ?? 0;

    const templates = await time("templates", () => buildTemplates());
    o.progress.log(`Rendered ${templates.bodies.length.toLocaleString("en")} post templates through the app's Markdown pipeline.`);
    // One argon2 hash for everyone: hashing a hundred thousand passwords would take hours.
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    // ── Phase 1, one transaction: catalog, people, plan, indexes dropped, marker "loading" ──
    await control.query("begin");
    const start = DATA_END - DATA_SPAN;
    const categories = await ensureCategories(control, start - 60 * DAY);
    const tagIds = await ensureTags(control, start - 60 * DAY);
    const maxId = async (table: string) => Number((await control.query(`select coalesce(max(id), 0) as m from ${table}`)).rows[0].m);
    const ids = { company: (await maxId("companies")) + 1, user: (await maxId("users")) + 1, thread: (await maxId("threads")) + 1, post: (await maxId("posts")) + 1, revision: (await maxId("post_revisions")) + 1 };
    const taken = {
      names: new Set((await control.query<{ n: string }>("select lower(name) as n from companies")).rows.map((r) => r.n)),
      domains: new Set((await control.query<{ d: string }>("select lower(domain) as d from companies where domain is not null")).rows.map((r) => r.d)),
      handles: new Set((await control.query<{ h: string }>("select lower(handle) as h from users")).rows.map((r) => r.h)),
    };

    const userCount = Math.max(60, Math.round(o.scale / 10));
    const people = {
      seed,
      batch,
      companyCount: Math.max(6, Math.round(userCount / 25)),
      userCount,
      firstCompanyId: ids.company,
      firstUserId: ids.user,
      takenCompanyNames: taken.names,
      takenDomains: taken.domains,
      takenHandles: taken.handles,
    };
    const companies = makeCompanies(people);
    const users = makeUsers(people, companies);
    const world: World = {
      seed,
      batch,
      threadCount: o.scale,
      end: DATA_END,
      span: DATA_SPAN,
      users,
      companies,
      categories,
      tagIds,
      templates,
      pools: makePools(seed, batch, users, companies),
      firstThreadId: ids.thread,
      firstPostId: ids.post,
      postOffsets: new Int32Array(o.scale + 1),
    };

    // Per-user activity (posts, votes, moderation), so that users can be written first with
    // sign-up dates before their first action and trust levels that match what they did.
    const firstSeen = new Float64Array(users.length).fill(Infinity);
    const lastSeen = new Float64Array(users.length).fill(-Infinity);
    const postsBy = new Int32Array(users.length);
    const seen = (user: number, at: number) => {
      if (at < firstSeen[user]!) firstSeen[user] = at;
      if (at > lastSeen[user]!) lastSeen[user] = at;
    };

    // Plan pass: how many posts each thread has (hence every post's id), and who did what when.
    const facts = { acceptedAnswers: 0, ideas: 0, languages: {} as Record<string, number>, maxPostsInThread: 0, templates: templates.bodies.length, verified: 0 };
    // Plans are redrawn by every pass unless kept: keeping them (about 1 kB a thread) saves a
    // core-second per 5,000 threads and pass; past PLAN_CACHE_LIMIT memory matters more.
    const plans: ThreadPlan[] | undefined = o.scale <= PLAN_CACHE_LIMIT ? new Array(o.scale) : undefined;
    await time("plan", async () => {
      o.progress.start("plan", o.scale, "threads");
      for (let i = 0; i < o.scale; i++) {
        const plan = planThread(world, i);
        if (plans) plans[i] = plan;
        world.postOffsets[i + 1] = world.postOffsets[i]! + plan.posts.length;
        for (const p of plan.posts) {
          postsBy[p.author]!++;
          seen(p.author, p.at);
        }
        for (const m of plan.modActions) seen(m.actor, m.at);
        const votes = voteThread(world, plan);
        for (const voters of votes.posts) for (const v of voters) seen(v.user, v.at);
        for (const v of votes.idea) seen(v.user, v.at);
        if (plan.accepted !== null) facts.acceptedAnswers++;
        if (plan.kind === "idea") facts.ideas++;
        facts.maxPostsInThread = Math.max(facts.maxPostsInThread, plan.posts.length);
        if (i % 2000 === 0) o.progress.update(i, world.postOffsets[i + 1]!);
      }
      o.progress.finish(world.postOffsets[o.scale]!);
    });
    const totalPosts = world.postOffsets[o.scale]!;
    const entry: MarkerBatch = {
      batch,
      seed,
      scale: o.scale,
      threads: [ids.thread, ids.thread + o.scale - 1],
      posts: [ids.post, ids.post + totalPosts - 1],
      users: [ids.user, ids.user + users.length - 1],
      companies: [ids.company, ids.company + companies.length - 1],
    };

    // Foreign keys cannot hold while the tables load in parallel, in no particular order: they
    // are dropped and validated once at the end. Indexes stay: their keys mostly grow with the
    // ids (appends at the right edge), GIN batches its insertions, and keeping them measured
    // faster than a rebuild, which also re-reads every table.
    const saved = await time("drop keys", () => dropIndexesAndForeignKeys(control, BULK_TABLES, { keepIndexes: !o.dropIndexes }));
    // Committed together with the drops: whatever happens next, the next run knows which rows
    // to remove and which indexes to restore.
    await writeMarker(control, { version: 1, batches: marker?.batches ?? [], loading: { batch: entry, saved } });

    const rows: Record<string, number> = {};
    await time("companies and users", async () => {
      const dates = rngFor(seed, batch, "company-dates");
      const writer = new CopyWriter(control, "companies", ["id", "name", "domain", "plan", "annual_revenue", "created_at"]);
      for (const c of companies) writer.row([c.id, c.name, c.domain, c.plan, c.annualRevenue, iso(Math.round(start - 180 * DAY + dates.next() * 90 * DAY))]);
      rows.companies = await writer.end();

      const rng = rngFor(seed, batch, "signup");
      const userWriter = new CopyWriter(control, "users", ["id", "handle", "email", "password_hash", "role", "trust_level", "company_id", "reviewed_at", "created_at", "updated_at"]);
      const activityRows: (string | number | null)[][] = [];
      users.forEach((u, i) => {
        let createdAt: number;
        if (u.role !== "member") createdAt = start - 90 * DAY + Math.round(rng.next() * 30 * DAY);
        else if (u.isNew) createdAt = DATA_END - 30 * DAY - Math.round(rng.next() * 2 * DAY);
        else if (Number.isFinite(firstSeen[i]!)) createdAt = Math.max(start - 90 * DAY, firstSeen[i]! - Math.round(3_600_000 + rng.next() * 60 * DAY));
        else createdAt = Math.round(start + rng.next() * DATA_SPAN);
        const posts = postsBy[i]!;
        // Staff as the app's roles expect; members by what they did (the screening holds
        // trust level 0, so newcomers' posts are the pending ones).
        const trust = u.role === "admin" || u.role === "moderator" ? 4 : u.role !== "member" ? 2 : u.isNew ? 0 : posts >= 60 ? 3 : posts >= 10 ? 2 : 1;
        const reviewedAt = u.isNew && rng.chance(0.5) ? null : iso(Math.min(DATA_END, createdAt + 2 * 3_600_000));
        userWriter.row([u.id, u.handle, u.email, passwordHash, u.role, trust, u.companyIndex === null ? null : companies[u.companyIndex]!.id, reviewedAt, iso(createdAt), iso(createdAt)]);
        const last = Number.isFinite(lastSeen[i]!) ? lastSeen[i]! : createdAt;
        const days = Math.max(1, Math.min(Math.ceil((DATA_END - createdAt) / DAY), posts * 3 + rng.range(1, 20)));
        activityRows.push([u.id, days, day(last), posts * 20 + rng.range(0, 50)]);
      });
      rows.users = await userWriter.end();
      // One COPY at a time on a connection: activity rows wait until the users are in.
      const activity = new CopyWriter(control, "user_activity", ["user_id", "days_visited", "last_visited_on", "posts_read"]);
      for (const r of activityRows) activity.row(r);
      rows.user_activity = await activity.end();
    });
    await control.query("commit");
    loading = { batch: entry, saved };

    // ── Phase 2: one COPY per table (the big ones split by thread range), over `jobs` connections ──
    for (let i = 1; i < jobCount; i++) await connect();
    const verifyEvery = o.verifySample ? Math.max(1, Math.floor(totalPosts / o.verifySample)) : 0;
    // Sampled while loading, checked after: renders compete for the same two cores.
    const samples: { id: number; body: PostBody }[] = [];
    const jobs = loadJobs(world, {
      ids,
      jobCount,
      onPost: (id, body) => {
        if (verifyEvery && (id - ids.post) % verifyEvery === 0) samples.push({ id, body });
      },
      onTitle: (language) => {
        facts.languages[language] = (facts.languages[language] ?? 0) + 1;
      },
    });
    await time("load", () => runJobs(world, plans, jobs, clients, o.progress, rows, timings));
    await time("verify", async () => {
      const failures = (await mapLimited(samples, RENDER_CONCURRENCY, (s) => verifyBody(s.id, s.body))).filter((f): f is string => f !== null);
      facts.verified = samples.length;
      if (failures.length > 0) {
        throw new Error(
          `${failures.length} of ${samples.length} sampled posts differ from what the app's prepareBody stores, so the seed no longer matches the app (see db/seed/scale/templates.ts):\n${failures.slice(0, 5).join("\n")}`,
        );
      }
    });

    // ── Phase 3: indexes and keys back ──
    await time("rebuild keys", async () => {
      o.progress.log(`Rebuilding ${saved.indexes.length ? `${saved.indexes.length} indexes and ` : ""}${saved.foreignKeys.length} foreign keys…`);
      await recreate(clients, saved, (name, ms) => {
        if (ms > 5000) o.progress.log(`  ${name}: ${(ms / 1000).toFixed(1)} s`);
      });
    });

    // ── Phase 4: sequences past our ids, the marker says "done", statistics ──
    await control.query("begin");
    for (const table of ["companies", "users", "threads", "posts", "post_revisions"]) {
      await control.query(`select setval(pg_get_serial_sequence($1, 'id'), greatest((select max(id) from ${table}), 1))`, [table]);
    }
    await writeMarker(control, { version: 1, batches: [...(marker?.batches ?? []), entry] });
    await control.query("commit");
    loading = undefined;
    await time("analyze", async () => {
      const queue = [...WRITTEN_TABLES];
      await Promise.all(clients.map(async (client) => {
        for (let table = queue.shift(); table; table = queue.shift()) await client.query(`analyze ${table}`);
      }));
    });

    rows.categories = categories.length;
    rows.tags = tagIds.length;
    const pick = (role: string) => users.find((u) => u.role === role);
    return {
      batch,
      seed,
      scale: o.scale,
      demoSeeded,
      rows,
      facts,
      timings,
      durationMs: Math.round(performance.now() - started),
      logins: {
        password: DEMO_PASSWORD,
        examples: ["admin", "moderator", "product_manager", "sales", "member"].flatMap((role) => {
          const u = pick(role);
          return u ? [{ handle: u.handle, role }] : [];
        }),
      },
    };
  } catch (error) {
    await control.query("rollback").catch(() => undefined);
    if (loading) {
      o.progress.log("The load failed: removing its rows and restoring the indexes…");
      // Other connections may be mid-COPY: closing them aborts their statements.
      await Promise.allSettled(clients.slice(1).map((c) => c.end()));
      clients.splice(1);
      await undo(control, clients, loading).catch((undoError) => {
        o.progress.log(`Could not undo the failed load (${(undoError as Error).message}); the next run will try again.`);
      });
    }
    throw error;
  } finally {
    await Promise.allSettled(clients.map((c) => c.end()));
  }
}

interface JobContext {
  ids: { revision: number; post: number };
  jobCount: number;
  onPost: (id: number, body: PostBody) => void;
  onTitle: (language: string) => void;
}

interface Job {
  name: string;
  table: string;
  columns: string[];
  from: number;
  to: number;
  emit: (plan: ThreadPlan, w: CopyWriter) => void;
}

/**
 * The COPY jobs of phase 2. Posts and revisions (most of the bytes, and to_tsvector for every
 * post) are split by thread ranges of equal post counts, one part per connection, so that
 * every server process has work; the rest are one job each. Biggest first.
 */
function loadJobs(world: World, c: JobContext): Job[] {
  const { users } = world;
  const n = world.threadCount;
  const totalPosts = world.postOffsets[n]!;
  const ranges: [number, number][] = [];
  for (let k = 0, from = 0; k < c.jobCount; k++) {
    let to = from;
    const target = k === c.jobCount - 1 ? totalPosts : Math.round(((k + 1) * totalPosts) / c.jobCount);
    while (to < n && world.postOffsets[to]! < target) to++;
    if (k === c.jobCount - 1) to = n;
    if (to > from) ranges.push([from, to]);
    from = to;
  }
  const split = (name: string, table: string, columns: string[], emit: Job["emit"]): Job[] =>
    ranges.map(([from, to], k) => ({ name: ranges.length > 1 ? `${name} ${k + 1}/${ranges.length}` : name, table, columns, from, to, emit }));
  const whole = (name: string, table: string, columns: string[], emit: Job["emit"]): Job => ({ name, table, columns, from: 0, to: n, emit });

  return [
    ...split(
      "posts",
      "posts",
      ["id", "thread_id", "author_id", "number", "body_md", "body_html", "status", "reply_to_id", "vote_count", "moderation_reasons", "created_at", "language", "search_config", "search_text", "body_lexemes", "search_version"],
      (plan, w) => {
        const text = writeThread(world, plan, { search: true });
        plan.posts.forEach((p, k) => {
          const body = text.bodies[k]!;
          const id = postId(world, plan, k);
          w.row([
            id, plan.id, users[p.author]!.id, k + 1, body.md, body.html, p.status, p.replyTo === null ? null : postId(world, plan, p.replyTo),
            p.votes, p.reasons, iso(p.at), body.language, body.searchConfig, body.searchText, body.searchLexemes, SEARCH_VERSION,
          ]);
          c.onPost(id, body);
        });
      },
    ),
    ...split("revisions", "post_revisions", ["id", "post_id", "revision", "body_md", "body_html", "title", "editor_id", "created_at"], (plan, w) => {
      const text = writeThread(world, plan);
      plan.posts.forEach((p, k) => {
        const id = postId(world, plan, k);
        const body = text.bodies[k]!;
        // Revision ids follow post ids one to one: the app writes both in the same transaction.
        w.row([c.ids.revision + (id - c.ids.post), id, 1, body.md, body.html, k === 0 ? text.title : null, users[p.author]!.id, iso(p.at)]);
      });
    }),
    // Not changed_at: the database keeps it (migration 0007) and its default, the time of the
    // load, is what the harvest's incremental sweep must see for threads that just arrived.
    whole(
      "threads",
      "threads",
      ["id", "category_id", "author_id", "kind", "title", "status", "pinned", "accepted_post_id", "idea_status", "post_count", "vote_count", "last_post_at", "created_at", "updated_at", "language", "search_config", "title_search_text", "title_lexemes", "search_version"],
      (plan, w) => {
        const text = writeThread(world, plan, { upTo: 1 });
        const title = titleFields(text.title, text.bodies[0]!);
        const counters = threadCounters(plan);
        const updatedAt = Math.max(counters.lastPostAt, ...plan.modActions.map((m) => m.at));
        c.onTitle(title.language);
        w.row([
          plan.id, plan.category.id, users[plan.posts[0]!.author]!.id, plan.kind, text.title, plan.status, plan.pinned,
          plan.accepted === null ? null : postId(world, plan, plan.accepted), plan.ideaStatus, counters.postCount, counters.voteCount,
          iso(counters.lastPostAt), iso(plan.createdAt), iso(updatedAt), title.language, title.searchConfig, title.titleSearchText, title.titleLexemes, title.searchVersion,
        ]);
      },
    ),
    whole("follows", "follows", ["user_id", "thread_id", "level", "created_at"], (plan, w) => {
      // The app makes every author follow the thread they post in; a few later mute it.
      const rng = rngFor(world.seed, world.batch, "follows", plan.index);
      const done = new Set<number>();
      for (const p of plan.posts) {
        if (done.has(p.author)) continue;
        done.add(p.author);
        w.row([users[p.author]!.id, plan.id, rng.chance(0.01) ? "muted" : "watching", iso(p.at)]);
      }
    }),
    whole("post votes", "post_votes", ["user_id", "post_id", "created_at"], (plan, w) => {
      voteThread(world, plan).posts.forEach((voters, k) => {
        for (const v of voters) w.row([users[v.user]!.id, postId(world, plan, k), iso(v.at)]);
      });
    }),
    whole("thread tags", "thread_tags", ["thread_id", "tag_id"], (plan, w) => {
      for (const tag of plan.tagIds) w.row([plan.id, tag]);
    }),
    whole("idea votes", "idea_votes", ["user_id", "thread_id", "created_at"], (plan, w) => {
      if (plan.kind !== "idea") return;
      for (const v of voteThread(world, plan).idea) w.row([users[v.user]!.id, plan.id, iso(v.at)]);
    }),
    whole("moderation log", "mod_actions", ["actor_id", "action", "target_type", "target_id", "reason", "data", "created_at"], (plan, w) => {
      for (const m of plan.modActions) {
        const target = m.postIndex === null ? plan.id : postId(world, plan, m.postIndex);
        const data = m.targetType === "post" ? { threadId: plan.id, ...m.data } : m.data;
        w.row([users[m.actor]!.id, m.action, m.targetType, target, m.reason, JSON.stringify(data), iso(m.at)]);
      }
    }),
  ];
}

/** Runs the jobs over the connections, each connection taking the next job when it is free. */
async function runJobs(world: World, plans: ThreadPlan[] | undefined, jobs: Job[], clients: pg.Client[], progress: Progress, rows: Record<string, number>, timings: Record<string, number>): Promise<void> {
  // Progress in units of work, so the ETA means something: a post costs its job's weight
  // (relative times measured at 100,000 threads; writing posts dominates, tsvectors).
  const units = (job: Job, from: number, to: number) => Math.round((world.postOffsets[to]! - world.postOffsets[from]!) * (JOB_WEIGHTS[job.table] ?? 0.1));
  const total = jobs.reduce((sum, j) => sum + units(j, j.from, j.to), 0);
  let done = 0;
  let written = 0;
  let lastUpdate = 0;
  progress.start(`load on ${clients.length} connections`, total, "work units");
  const queue = [...jobs];
  const active = new Set<CopyWriter>();
  let failed = false;
  await Promise.all(
    clients.map(async (client) => {
      for (let job = queue.shift(); job && !failed; job = queue.shift()) {
        const started = performance.now();
        const writer = new CopyWriter(client, job.table, job.columns);
        active.add(writer);
        try {
          for (let i = job.from; i < job.to; i++) {
            job.emit(plans?.[i] ?? planThread(world, i), writer);
            await writer.flushIfFull();
            done += units(job, i, i + 1);
            if (done - lastUpdate >= 20_000) {
              lastUpdate = done;
              progress.update(done, written + [...active].reduce((sum, w) => sum + w.rows, 0));
            }
          }
          const count = await writer.end();
          active.delete(writer);
          written += count;
          rows[job.table] = (rows[job.table] ?? 0) + count;
          timings[job.name] = Math.round(performance.now() - started);
        } catch (error) {
          failed = true;
          await writer.end().catch(() => undefined);
          throw error;
        }
      }
    }),
  );
  progress.finish(written);
}

async function readMarker(client: pg.Client): Promise<Marker | undefined> {
  const { rows } = await client.query<{ value: Marker }>("select value from settings where key = $1", [SCALE_SEED_KEY]);
  return rows[0]?.value;
}

async function writeMarker(client: pg.Client, marker: Marker): Promise<void> {
  if (marker.batches.length === 0 && !marker.loading) {
    await client.query("delete from settings where key = $1", [SCALE_SEED_KEY]);
    return;
  }
  await client.query(
    `insert into settings (key, value, updated_at) values ($1, $2, $3)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [SCALE_SEED_KEY, JSON.stringify(marker), iso(DATA_END)],
  );
}

/**
 * Removes the rows of an interrupted batch (by its id ranges, children first) and restores the
 * indexes and keys it dropped, then clears the "loading" mark. Safe to run again.
 */
async function undo(control: pg.Client, clients: pg.Client[], loading: MarkerLoading): Promise<void> {
  const { threads, posts, users, companies } = loading.batch;
  const deletes: [string, string, number[]][] = [
    ["post_votes", "post_id between $1 and $2", posts],
    ["idea_votes", "thread_id between $1 and $2", threads],
    ["follows", "thread_id between $1 and $2", threads],
    ["thread_tags", "thread_id between $1 and $2", threads],
    ["mod_actions", "(target_type = 'post' and target_id between $1 and $2) or (target_type = 'thread' and target_id between $3 and $4)", [...posts, ...threads]],
    ["post_revisions", "post_id between $1 and $2", posts],
    ["threads", "id between $1 and $2", threads],
    ["posts", "id between $1 and $2", posts],
    ["user_activity", "user_id between $1 and $2", users],
    ["users", "id between $1 and $2", users],
    ["companies", "id between $1 and $2", companies],
  ];
  // Rows of other tables may point into the batch (the app or a harvest ran while it loaded,
  // e.g. a notification, a report, a knowledge-base source): the keys that would have acted on
  // them are dropped, so act as they would have, or adding them back would fail.
  const cleaned = new Set(deletes.map(([table]) => table));
  const ranges: Record<string, number[]> = { threads, posts };
  const dependents: [string, number[]][] = [];
  for (const fk of loading.saved.foreignKeys) {
    const ref = fk.references;
    const range = ref && ranges[ref.table];
    if (!ref || !range || ref.columns.length !== 1 || cleaned.has(fk.table)) continue;
    const column = quote(ref.columns[0]!);
    if (ref.onDelete === "c") dependents.push([`delete from ${fk.table} where ${column} between $1 and $2`, range]);
    else if (ref.onDelete === "n") dependents.push([`update ${fk.table} set ${column} = null where ${column} between $1 and $2`, range]);
    // Otherwise (no action, restrict, set default) adding the key back fails and says which.
  }
  await control.query("begin");
  try {
    for (const [statement, params] of dependents) await control.query(statement, params);
    // The accepted answers point at posts: clear them before deleting either side.
    await control.query("update threads set accepted_post_id = null where id between $1 and $2 and accepted_post_id is not null", threads);
    for (const [table, where, params] of deletes) await control.query(`delete from ${table} where ${where}`, params);
    await control.query("commit");
  } catch (error) {
    await control.query("rollback").catch(() => undefined);
    throw error;
  }
  await recreate(clients, loading.saved, () => undefined);
  const marker = await readMarker(control);
  if (marker) await writeMarker(control, { version: 1, batches: marker.batches });
}

function refusal(marker: Marker): SeedRefused {
  const loaded = marker.batches.map((b) => `${b.scale.toLocaleString("en")} threads (seed "${b.seed}")`).join(" + ");
  return new SeedRefused(
    `this database already holds a scale seed: ${loaded}`,
    "run with --append to add another batch, or seed an empty database (drop and recreate it, or point DATABASE_URL/DATA_DIR elsewhere)",
  );
}

async function verifyBody(id: number, body: { md: string; html: string; language: Language; searchConfig: string; searchText: string }): Promise<string | null> {
  let real: Awaited<ReturnType<typeof prepareBody>> | undefined;
  // A render can miss its time limit, or find the pool busy, on a machine that is busy with
  // other work: try again. No author: the pool's per-author queue cap is not for the seed.
  for (let attempt = 1; !real; attempt++) {
    try {
      real = await retryBusy(() => prepareBody(body.md));
    } catch (error) {
      if (attempt === 3) return `post ${id}: the app's pipeline failed on it (${(error as Error).message})`;
    }
  }
  for (const field of ["html", "language", "searchConfig", "searchText"] as const) {
    if (real[field] !== body[field]) return `post ${id}: ${field} is ${JSON.stringify(body[field]).slice(0, 160)}, the app gives ${JSON.stringify(real[field]).slice(0, 160)}`;
  }
  return null;
}

async function ensureCategories(client: pg.Client, createdAt: number): Promise<SeedCategory[]> {
  for (const [position, c] of SCALE_CATEGORIES.entries()) {
    await client.query(
      `insert into categories (slug, name, description, kinds, position, created_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (slug) do nothing`,
      [c.slug, c.name, c.description, c.kinds, position, iso(createdAt)],
    );
  }
  const found = await client.query<{ id: number; slug: string; kinds: string[] }>("select id, slug, kinds from categories where slug = any($1) order by id", [SCALE_CATEGORIES.map((c) => c.slug)]);
  // A category that already existed keeps its own kinds: threads follow them.
  return SCALE_CATEGORIES.map((c) => {
    const row = found.rows.find((r) => r.slug === c.slug)!;
    return { id: row.id, slug: c.slug, kinds: row.kinds as SeedCategory["kinds"], weight: c.weight };
  });
}

async function ensureTags(client: pg.Client, createdAt: number): Promise<number[]> {
  for (const slug of SCALE_TAGS) if (normalizeTag(slug) !== slug) throw new Error(`tag "${slug}" is not in the app's normal form`);
  await client.query("insert into tags (slug, created_at) select unnest($1::text[]), $2 on conflict (slug) do nothing", [SCALE_TAGS, iso(createdAt)]);
  const found = await client.query<{ id: number; slug: string }>("select id, slug from tags where slug = any($1)", [SCALE_TAGS]);
  const bySlug = new Map(found.rows.map((r) => [r.slug, r.id]));
  return SCALE_TAGS.map((slug) => bySlug.get(slug)!);
}
