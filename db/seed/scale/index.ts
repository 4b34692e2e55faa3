/**
 * The scale seed: N synthetic threads (with about ten posts each, users across companies,
 * votes, follows, tags, accepted answers, ideas) for benchmarks, loaded with COPY in one
 * transaction. Deterministic: the same database state, N and seed give the same rows.
 *
 * Order of work:
 *  1. demo roles and categories if the database is empty (db/seed/demo.ts), refusal if a scale
 *     seed is already there (unless `append`);
 *  2. templates rendered once through the app's Markdown pipeline (templates.ts);
 *  3. in one transaction: categories and tags, then a plan pass (post counts → post ids),
 *     secondary indexes and foreign keys dropped, one COPY pass per table (each regenerates
 *     the threads it needs, see threads.ts), users last (their sign-up dates and trust levels
 *     follow from their activity), indexes and keys rebuilt, sequences moved past our ids, a
 *     marker row in `settings`, ANALYZE;
 *  4. a sample of posts re-derived with the app's own prepareBody and compared field by field.
 */
import pg from "pg";
import type { Db } from "../../index";
import type { Language } from "../../schema";
import { DEMO_PASSWORD, isEmpty, seedDemoData } from "../demo";
import { hashPassword } from "../../../app/lib/passwords.server";
import { prepareBody } from "../../../app/services/community/content.server";
import { normalizeTag } from "../../../app/services/community/tags.server";
import { SCALE_CATEGORIES, SCALE_TAGS } from "./catalog";
import { CopyWriter } from "./copy";
import { dropIndexesAndForeignKeys, recreate } from "./indexes";
import { makeCompanies, makeUsers } from "./people";
import { rngFor } from "./prng";
import type { Progress } from "./progress";
import { buildTemplates } from "./templates";
import { DAY, makePools, planThread, postId, threadCounters, titleFields, voteThread, writeThread, type SeedCategory, type ThreadPlan, type World } from "./threads";

export const SCALE_SEED_KEY = "scale_seed";
/** The data set's "now": fixed, so that two runs give the same timestamps. */
export const DATA_END = Date.UTC(2026, 10, 1);
/** Threads are spread over the two years before DATA_END. */
export const DATA_SPAN = 730 * DAY;
export const DEFAULT_SEED = "gleaner";

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
  /** Keep secondary indexes and foreign keys during the load (slower; for comparison). */
  keepIndexes?: boolean;
  /** Posts re-derived with the app's prepareBody and compared (0 = none). */
  verifySample?: number;
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

export class SeedRefused extends Error {}

interface MarkerBatch {
  batch: number;
  seed: string;
  scale: number;
  threads: [number, number];
  posts: [number, number];
  users: [number, number];
  companies: [number, number];
}
interface Marker {
  version: 1;
  batches: MarkerBatch[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

export async function seedScale(o: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const seed = o.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(o.scale) || o.scale < 1) throw new SeedRefused("--scale must be a positive whole number of threads");
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
  const existing = await o.db.selectFrom("settings").select("value").where("key", "=", SCALE_SEED_KEY).executeTakeFirst();
  if (existing && !o.append) throw refusal(existing.value as Marker);

  const templates = await time("templates", () => buildTemplates());
  o.progress.log(`Rendered ${templates.bodies.length.toLocaleString("en")} post templates through the app's Markdown pipeline.`);
  // One argon2 hash for everyone: hashing a hundred thousand passwords would take hours.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const client = new pg.Client({ connectionString: o.url });
  client.on("error", () => undefined); // a dropped connection surfaces as the failing query
  await client.connect();
  try {
    await client.query("begin");
    // Long statements by design; no fsync wait per commit (there is one commit).
    await client.query("set local statement_timeout = 0");
    await client.query("set local synchronous_commit = off");
    // Index builds sort in memory when they can: far faster than spilling to disk.
    await client.query("set local maintenance_work_mem = '1GB'");
    // Two seeds at once would pick the same ids: the second waits for the first.
    await client.query("select pg_advisory_xact_lock(hashtext('gleaner:scale-seed'))");
    const markerRow = await client.query<{ value: Marker }>("select value from settings where key = $1", [SCALE_SEED_KEY]);
    const marker = markerRow.rows[0]?.value;
    if (marker && !o.append) throw refusal(marker);
    const batch = marker?.batches.length ?? 0;

    const start = DATA_END - DATA_SPAN;
    const categories = await ensureCategories(client, start - 60 * DAY);
    const tagIds = await ensureTags(client, start - 60 * DAY);

    const maxId = async (table: string) => Number((await client.query(`select coalesce(max(id), 0) as m from ${table}`)).rows[0].m);
    const ids = { company: (await maxId("companies")) + 1, user: (await maxId("users")) + 1, thread: (await maxId("threads")) + 1, post: (await maxId("posts")) + 1, revision: (await maxId("post_revisions")) + 1 };
    const taken = {
      names: new Set((await client.query<{ n: string }>("select lower(name) as n from companies")).rows.map((r) => r.n)),
      domains: new Set((await client.query<{ d: string }>("select lower(domain) as d from companies where domain is not null")).rows.map((r) => r.d)),
      handles: new Set((await client.query<{ h: string }>("select lower(handle) as h from users")).rows.map((r) => r.h)),
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
    await time("plan", async () => {
      o.progress.start("plan", o.scale);
      for (let i = 0; i < o.scale; i++) {
        const plan = planThread(world, i);
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

    // Threads are written before their posts, so the accepted-answer key (thread → post) is
    // always rebuilt afterwards; --keep-indexes keeps everything else, for comparison.
    const saved = await time("drop indexes", () =>
      dropIndexesAndForeignKeys(client, BULK_TABLES, o.keepIndexes ? (name) => name !== "threads_accepted_post_fk" : undefined),
    );

    const rows: Record<string, number> = {};

    /** One COPY over all threads: `emit` writes the rows of one planned thread. */
    const pass = async (name: string, table: string, columns: string[], emit: (plan: ThreadPlan, w: CopyWriter) => void) => {
      await time(name, async () => {
        const writer = new CopyWriter(client, table, columns);
        o.progress.start(name, o.scale);
        try {
          for (let i = 0; i < o.scale; i++) {
            emit(planThread(world, i), writer);
            await writer.flushIfFull();
            if (i % 500 === 0) o.progress.update(i, writer.rows);
          }
        } finally {
          rows[table] = (rows[table] ?? 0) + (await writer.end());
        }
        o.progress.finish(writer.rows);
      });
    };

    await time("companies", async () => {
      const rng = rngFor(seed, batch, "company-dates");
      const writer = new CopyWriter(client, "companies", ["id", "name", "domain", "plan", "annual_revenue", "created_at"]);
      for (const c of companies) writer.row([c.id, c.name, c.domain, c.plan, c.annualRevenue, iso(Math.round(start - 180 * DAY + rng.next() * 90 * DAY))]);
      rows.companies = await writer.end();
    });

    await time("users", async () => {
      const rng = rngFor(seed, batch, "signup");
      const writer = new CopyWriter(client, "users", ["id", "handle", "email", "password_hash", "role", "trust_level", "company_id", "reviewed_at", "created_at", "updated_at"]);
      // One COPY at a time on a connection: activity rows wait until the users are in.
      const activityRows: (string | number | null)[][] = [];
      users.forEach((u, i) => {
        let createdAt: number;
        if (u.role !== "member") createdAt = start - 90 * DAY + Math.round(rng.next() * 30 * DAY);
        else if (u.isNew) createdAt = DATA_END - 30 * DAY - Math.round(rng.next() * 2 * DAY);
        else if (Number.isFinite(firstSeen[i]!)) createdAt = Math.max(start - 90 * DAY, firstSeen[i]! - Math.round(3_600_000 + rng.next() * 60 * DAY));
        else createdAt = Math.round(start + rng.next() * DATA_SPAN);
        const posts = postsBy[i]!;
        const trust = u.role === "admin" || u.role === "moderator" ? 4 : u.role !== "member" ? 2 : u.isNew ? 0 : posts >= 60 ? 3 : posts >= 10 ? 2 : 1;
        const reviewedAt = u.isNew && rng.chance(0.5) ? null : iso(Math.min(DATA_END, createdAt + 2 * 3_600_000));
        writer.row([u.id, u.handle, u.email, passwordHash, u.role, trust, u.companyIndex === null ? null : companies[u.companyIndex]!.id, reviewedAt, iso(createdAt), iso(createdAt)]);
        const last = Number.isFinite(lastSeen[i]!) ? lastSeen[i]! : createdAt;
        const days = Math.max(1, Math.min(Math.ceil((DATA_END - createdAt) / DAY), posts * 3 + rng.range(1, 20)));
        activityRows.push([u.id, days, day(last), posts * 20 + rng.range(0, 50)]);
      });
      rows.users = await writer.end();
      const activity = new CopyWriter(client, "user_activity", ["user_id", "days_visited", "last_visited_on", "posts_read"]);
      for (const r of activityRows) activity.row(r);
      rows.user_activity = await activity.end();
    });

    await pass(
      "threads",
      "threads",
      ["id", "category_id", "author_id", "kind", "title", "status", "pinned", "accepted_post_id", "idea_status", "post_count", "vote_count", "last_post_at", "created_at", "updated_at", "language", "search_config", "title_search_text"],
      (plan, w) => {
        const text = writeThread(world, plan, 1);
        const title = titleFields(text.title, text.bodies[0]!);
        const c = threadCounters(plan);
        const updatedAt = Math.max(c.lastPostAt, ...plan.modActions.map((m) => m.at));
        facts.languages[title.language] = (facts.languages[title.language] ?? 0) + 1;
        w.row([
          plan.id, plan.category.id, users[plan.posts[0]!.author]!.id, plan.kind, text.title, plan.status, plan.pinned,
          plan.accepted === null ? null : postId(world, plan, plan.accepted), plan.ideaStatus, c.postCount, c.voteCount,
          iso(c.lastPostAt), iso(plan.createdAt), iso(updatedAt), title.language, title.searchConfig, title.titleSearchText,
        ]);
      },
    );

    await pass("thread tags", "thread_tags", ["thread_id", "tag_id"], (plan, w) => {
      for (const tag of plan.tagIds) w.row([plan.id, tag]);
    });

    // Every post-th post is re-derived with the app's prepareBody (rendering for real) and compared.
    const verifyEvery = o.verifySample ? Math.max(1, Math.floor(totalPosts / o.verifySample)) : 0;
    const checks: Promise<string | null>[] = [];
    let postIndex = 0;
    await pass(
      "posts",
      "posts",
      ["id", "thread_id", "author_id", "number", "body_md", "body_html", "status", "reply_to_id", "vote_count", "moderation_reasons", "created_at", "language", "search_config", "search_text"],
      (plan, w) => {
        const text = writeThread(world, plan);
        plan.posts.forEach((p, k) => {
          const body = text.bodies[k]!;
          const id = postId(world, plan, k);
          w.row([
            id, plan.id, users[p.author]!.id, k + 1, body.md, body.html, p.status, p.replyTo === null ? null : postId(world, plan, p.replyTo),
            p.votes, p.reasons, iso(p.at), body.language, body.searchConfig, body.searchText,
          ]);
          if (verifyEvery && postIndex++ % verifyEvery === 0) checks.push(verifyBody(id, body));
        });
      },
    );
    await time("verify", async () => {
      const failures = (await Promise.all(checks)).filter((f): f is string => f !== null);
      facts.verified = checks.length;
      if (failures.length > 0) {
        throw new Error(
          `${failures.length} of ${checks.length} sampled posts differ from what the app's prepareBody stores, so the seed no longer matches the app (see db/seed/scale/templates.ts):\n${failures.slice(0, 5).join("\n")}`,
        );
      }
    });

    await pass("revisions", "post_revisions", ["id", "post_id", "revision", "body_md", "body_html", "title", "editor_id", "created_at"], (plan, w) => {
      const text = writeThread(world, plan);
      plan.posts.forEach((p, k) => {
        const id = postId(world, plan, k);
        const body = text.bodies[k]!;
        // Revision ids follow post ids one to one: the app writes both in the same transaction.
        w.row([ids.revision + (id - ids.post), id, 1, body.md, body.html, k === 0 ? text.title : null, users[p.author]!.id, iso(p.at)]);
      });
    });

    await pass("post votes", "post_votes", ["user_id", "post_id", "created_at"], (plan, w) => {
      const votes = voteThread(world, plan);
      votes.posts.forEach((voters, k) => {
        for (const v of voters) w.row([users[v.user]!.id, postId(world, plan, k), iso(v.at)]);
      });
    });

    await pass("idea votes", "idea_votes", ["user_id", "thread_id", "created_at"], (plan, w) => {
      if (plan.kind !== "idea") return;
      for (const v of voteThread(world, plan).idea) w.row([users[v.user]!.id, plan.id, iso(v.at)]);
    });

    await pass("follows", "follows", ["user_id", "thread_id", "level", "created_at"], (plan, w) => {
      // The app makes every author follow the thread they post in; a few later mute it.
      const rng = rngFor(seed, batch, "follows", plan.index);
      const done = new Set<number>();
      for (const p of plan.posts) {
        if (done.has(p.author)) continue;
        done.add(p.author);
        w.row([users[p.author]!.id, plan.id, rng.chance(0.01) ? "muted" : "watching", iso(p.at)]);
      }
    });

    await pass("moderation log", "mod_actions", ["actor_id", "action", "target_type", "target_id", "reason", "data", "created_at"], (plan, w) => {
      for (const m of plan.modActions) {
        const target = m.postIndex === null ? plan.id : postId(world, plan, m.postIndex);
        const data = m.targetType === "post" ? { threadId: plan.id, ...m.data } : m.data;
        w.row([users[m.actor]!.id, m.action, m.targetType, target, m.reason, JSON.stringify(data), iso(m.at)]);
      }
    });

    {
      await time("rebuild indexes", async () => {
        o.progress.log(`Rebuilding ${saved.indexes.length} indexes and ${saved.foreignKeys.length} foreign keys…`);
        await recreate(client, saved, (name, ms) => {
          if (ms > 2000) o.progress.log(`  ${name}: ${(ms / 1000).toFixed(1)} s`);
        });
      });
    }

    for (const table of ["companies", "users", "threads", "posts", "post_revisions"]) {
      await client.query(`select setval(pg_get_serial_sequence($1, 'id'), greatest((select max(id) from ${table}), 1))`, [table]);
    }
    const entry: MarkerBatch = {
      batch,
      seed,
      scale: o.scale,
      threads: [ids.thread, ids.thread + o.scale - 1],
      posts: [ids.post, ids.post + totalPosts - 1],
      users: [ids.user, ids.user + users.length - 1],
      companies: [ids.company, ids.company + companies.length - 1],
    };
    const next: Marker = { version: 1, batches: [...(marker?.batches ?? []), entry] };
    await client.query(
      `insert into settings (key, value, updated_at) values ($1, $2, $3)
         on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [SCALE_SEED_KEY, JSON.stringify(next), iso(DATA_END)],
    );
    await time("analyze", async () => {
      for (const table of WRITTEN_TABLES) await client.query(`analyze ${table}`);
    });
    await time("commit", () => client.query("commit"));

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
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function refusal(marker: Marker): SeedRefused {
  const loaded = marker.batches.map((b) => `${b.scale.toLocaleString("en")} threads (seed "${b.seed}")`).join(" + ");
  return new SeedRefused(
    `This database already holds a scale seed: ${loaded}. Run with --append to add another batch, or seed an empty database (drop and recreate it, or point DATABASE_URL/DATA_DIR elsewhere).`,
  );
}

async function verifyBody(id: number, body: { md: string; html: string; language: Language; searchConfig: string; searchText: string }): Promise<string | null> {
  const real = await prepareBody(body.md);
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
