import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { renderMarkdown } from "../../app/lib/markdown/render.server";
import { verifyPassword } from "../../app/lib/passwords.server";
import { prepareBody } from "../../app/services/community/content.server";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { SCALE_SEED_KEY, SeedRefused, seedScale, type ScaleSeedSummary } from "../../db/seed/scale/index";
import { createProgress } from "../../db/seed/scale/progress";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SCALE = 300;
const quiet = createProgress({ silent: true });

let a: TestDatabase;
let b: TestDatabase;
let summary: ScaleSeedSummary;

const seed = (target: TestDatabase, options: { scale?: number; append?: boolean; jobs?: number } = {}) =>
  seedScale({ url: target.url, db: target.db, scale: options.scale ?? SCALE, append: options.append, jobs: options.jobs, verifySample: 200, progress: quiet });

/** One md5 over a query's rows in a fixed order: equal hashes, equal content. */
async function hash(db: TestDatabase["db"], query: string): Promise<string> {
  const { rows } = await sql<{ h: string }>`select md5(coalesce(string_agg(q::text, '|' order by q::text), '')) as h from (${sql.raw(query)}) q`.execute(db);
  return rows[0]!.h;
}

/** The synthetic rows of the main tables. Demo rows (created "now" by the demo seed), the
 * password hash (argon2 salts are random by design) and threads.changed_at (kept by the
 * database: when the row arrived) are left out: they are not ours to fix. */
async function contentHashes(db: TestDatabase["db"]) {
  const marker = await db.selectFrom("settings").select("value").where("key", "=", SCALE_SEED_KEY).executeTakeFirstOrThrow();
  const { users, companies } = (marker.value as { batches: { users: [number, number]; companies: [number, number] }[] }).batches[0]!;
  return {
    threads: await hash(db, "select to_jsonb(t) - 'changed_at' as t from threads t"),
    posts: await hash(db, "select p.*, body_vector::text as bv from posts p"),
    post_revisions: await hash(db, "select * from post_revisions"),
    post_votes: await hash(db, "select * from post_votes"),
    idea_votes: await hash(db, "select * from idea_votes"),
    follows: await hash(db, "select * from follows"),
    thread_tags: await hash(db, "select * from thread_tags"),
    mod_actions: await hash(db, "select actor_id, action, target_type, target_id, reason, data, created_at from mod_actions"),
    users: await hash(db, `select id, handle, email, role, trust_level, company_id, reviewed_at, created_at from users where id between ${users[0]} and ${users[1]}`),
    companies: await hash(db, `select * from companies where id between ${companies[0]} and ${companies[1]}`),
    marker: await hash(db, `select value from settings where key = '${SCALE_SEED_KEY}'`),
  };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  summary = await seed(a);
  await seed(b);
});

afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
});

describe("npm run seed -- --scale N", () => {
  it("loads N threads with about ten posts each, users across companies, every kind and language", async () => {
    expect(summary.rows.threads).toBe(SCALE);
    expect(summary.rows.posts).toBeGreaterThan(SCALE * 7);
    expect(summary.rows.posts).toBeLessThan(SCALE * 14);
    expect(summary.rows.users).toBe(60);
    expect(summary.demoSeeded).toBe(true);
    expect(summary.facts.verified).toBeGreaterThan(100);

    const kinds = await a.db.selectFrom("threads").select(["kind", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("kind").execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(["discussion", "idea", "question"]);
    const postLanguages = await a.db.selectFrom("posts").select("language").distinct().execute();
    expect(postLanguages.map((l) => l.language).sort()).toEqual(["en", "no", "sv", "zh"]);
    const threadLanguages = await a.db.selectFrom("threads").select("language").distinct().execute();
    expect(threadLanguages.map((l) => l.language).sort()).toEqual(["en", "no", "sv", "zh"]);
    const english = await a.db.selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n")).where("language", "=", "en").executeTakeFirstOrThrow();
    expect(english.n / summary.rows.posts).toBeGreaterThan(0.5);

    const plans = await sql<{ plan: string; users: number; revenue: number }>`
      select c.plan, count(u.id)::int as users, count(c.annual_revenue)::int as revenue
        from companies c join users u on u.company_id = c.id group by c.plan`.execute(a.db);
    expect(plans.rows.map((p) => p.plan).sort()).toEqual(["customer", "prospect", "trial"]);
    expect(plans.rows.every((p) => p.revenue > 0)).toBe(true);
    const roles = await a.db.selectFrom("users").select("role").distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "member", "moderator", "product_manager", "sales"]);
  });

  it("is deterministic: two databases seeded alike hold the same rows", async () => {
    const [ha, hb] = await Promise.all([contentHashes(a.db), contentHashes(b.db)]);
    expect(ha).toEqual(hb);
  });

  it("leaves threads.changed_at to the database: the harvest's sweep sees the threads as changed when they arrived", async () => {
    const changed = await sql<{ early: number; spread: number }>`
      select count(*) filter (where changed_at <= updated_at)::int as early,
             extract(epoch from max(changed_at) - min(changed_at))::int as spread
        from threads`.execute(a.db);
    expect(changed.rows[0]!.early).toBe(0);
    expect(changed.rows[0]!.spread).toBeLessThan(600);
  });

  it("keeps the counters and numbering the app keeps", async () => {
    const threads = await sql<{ bad_count: number; bad_last: number; bad_votes: number; bad_numbers: number; accepted: number }>`
      select
        count(*) filter (where t.post_count <> (select count(*) from posts p where p.thread_id = t.id and p.status = 'visible'))::int as bad_count,
        count(*) filter (where t.last_post_at <> (select max(created_at) from posts p where p.thread_id = t.id and p.status in ('visible', 'hidden'))
                           or t.created_at <> (select created_at from posts p where p.thread_id = t.id and p.number = 1))::int as bad_last,
        count(*) filter (where t.vote_count <> case when t.kind = 'idea'
                                                     then (select count(*) from idea_votes v where v.thread_id = t.id)
                                                     else (select vote_count from posts p where p.thread_id = t.id and p.number = 1) end)::int as bad_votes,
        count(*) filter (where (select max(number) from posts p where p.thread_id = t.id) <> (select count(*) from posts p where p.thread_id = t.id))::int as bad_numbers,
        count(t.accepted_post_id)::int as accepted
      from threads t`.execute(a.db);
    expect(threads.rows[0]).toMatchObject({ bad_count: 0, bad_last: 0, bad_votes: 0, bad_numbers: 0 });
    // About a fifth of all threads are solved (the harvest benchmark's mix).
    expect(threads.rows[0]!.accepted / SCALE).toBeGreaterThan(0.12);
    expect(threads.rows[0]!.accepted / SCALE).toBeLessThan(0.3);

    const accepted = await sql<{ bad: number }>`
      select count(*)::int as bad from threads t join posts p on p.id = t.accepted_post_id
       where p.thread_id <> t.id or p.number < 2 or p.status <> 'visible' or t.kind <> 'question'`.execute(a.db);
    expect(accepted.rows[0]!.bad).toBe(0);

    const posts = await sql<{ bad_votes: number; no_revision: number; bad_revision: number; before_signup: number }>`
      select
        count(*) filter (where p.vote_count <> (select count(*) from post_votes v where v.post_id = p.id))::int as bad_votes,
        count(*) filter (where not exists (select 1 from post_revisions r where r.post_id = p.id and r.revision = 1))::int as no_revision,
        count(*) filter (where exists (select 1 from post_revisions r where r.post_id = p.id and r.revision = 1
                                        and (r.body_md <> p.body_md or r.body_html <> p.body_html or r.editor_id <> p.author_id
                                             or (r.title is null) <> (p.number > 1))))::int as bad_revision,
        count(*) filter (where p.created_at < (select created_at from users u where u.id = p.author_id))::int as before_signup
      from posts p`.execute(a.db);
    expect(posts.rows[0]).toEqual({ bad_votes: 0, no_revision: 0, bad_revision: 0, before_signup: 0 });

    // Held posts are by newcomers (trust level 0) and wait in the queue, as screening leaves them.
    const held = await sql<{ bad: number; held: number }>`
      select count(*) filter (where u.trust_level <> 0 or p.moderation_reasons <> '{new_user}')::int as bad, count(*)::int as held
        from posts p join users u on u.id = p.author_id where p.status = 'pending'`.execute(a.db);
    expect(held.rows[0]!.bad).toBe(0);

    // Every author follows the thread they wrote in.
    const unfollowed = await sql<{ n: number }>`
      select count(*)::int as n from (select distinct thread_id, author_id from posts) p
       where not exists (select 1 from follows f where f.thread_id = p.thread_id and f.user_id = p.author_id)`.execute(a.db);
    expect(unfollowed.rows[0]!.n).toBe(0);
  });

  it("stores the HTML and search fields the app's own pipeline gives for each body", async () => {
    const sample = await sql<{ id: number; body_md: string; body_html: string; language: string; search_config: string; search_text: string }>`
      select id, body_md, body_html, language, search_config::text as search_config, search_text
        from (select p.*, row_number() over (partition by language order by id) as r from posts p) x
       where r <= 15 or id % 97 = 0`.execute(a.db);
    expect(sample.rows.length).toBeGreaterThan(60);
    for (const post of sample.rows) {
      expect(post.body_html, `post ${post.id}`).toBe(await renderMarkdown(post.body_md));
      const prepared = await prepareBody(post.body_md);
      expect({ language: post.language, searchConfig: post.search_config, searchText: post.search_text }, `post ${post.id}`).toEqual({
        language: prepared.language,
        searchConfig: prepared.searchConfig,
        searchText: prepared.searchText,
      });
    }
    const markdown = await sql<{ code: number; lists: number; links: number; quotes: number }>`
      select count(*) filter (where body_html like '%<pre><code%')::int as code, count(*) filter (where body_html like '%<ol>%' or body_html like '%<ul>%')::int as lists,
             count(*) filter (where body_html like '%<a href=%')::int as links, count(*) filter (where body_html like '%<blockquote>%')::int as quotes
        from posts`.execute(a.db);
    expect(Object.values(markdown.rows[0]!).every((n) => n > 0)).toBe(true);
  });

  it("gives the detectors feature requests and buying intent to find, in every language", async () => {
    const phrases = ["it would be great if", "det vore bra om", "det hadde vært fint om", "希望能", "who do i talk to in sales", "seats", "licen", "trial", "saml"];
    for (const phrase of phrases) {
      const found = await sql<{ n: number }>`select count(*)::int as n from posts where lower(body_md) like ${`%${phrase}%`}`.execute(a.db);
      expect(found.rows[0]!.n, phrase).toBeGreaterThan(0);
    }
  });

  it("lets every synthetic user log in with the demo password", async () => {
    const user = await a.db.selectFrom("users").select(["handle", "password_hash"]).where("role", "=", "member").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, DEMO_PASSWORD)).toBe(true);
    const handles = await sql<{ dupes: number }>`select (count(*) - count(distinct lower(handle)))::int as dupes from users`.execute(a.db);
    expect(handles.rows[0]!.dupes).toBe(0);
  });

  it("undoes a load that fails halfway: none of its rows stay, every index and key comes back", async () => {
    const schema = async () =>
      (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public' union select conname from pg_constraint order by 1`.execute(b.db)).rows.map((r) => r.name);
    const before = await schema();
    const threadsBefore = await b.db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    // A failure in the middle of the posts COPY, after phase 1 dropped the indexes and committed.
    await sql`create function fail_seed() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(b.db);
    await sql`create trigger fail_seed before insert on posts for each row when (new.number = 3) execute function fail_seed()`.execute(b.db);
    await expect(seed(b, { scale: 40, append: true })).rejects.toThrow(/injected failure/);
    await sql`drop trigger fail_seed on posts`.execute(b.db);

    expect(await schema()).toEqual(before);
    const threadsAfter = await b.db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(threadsAfter.n).toBe(threadsBefore.n);
    const marker = await b.db.selectFrom("settings").select("value").where("key", "=", SCALE_SEED_KEY).executeTakeFirstOrThrow();
    expect(marker.value).toMatchObject({ batches: [{ batch: 0 }] });
    expect(marker.value).not.toHaveProperty("loading");
    const users = await b.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(users.n).toBe(60 + 7);
  });

  it("undoes a failed load that others referred to meanwhile (a knowledge-base source, a deflection), and restores every key", async () => {
    const schema = async () =>
      (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public' union select conname from pg_constraint order by 1`.execute(b.db)).rows.map((r) => r.name);
    const before = await schema();
    const next = await sql<{ id: number }>`select max(id) + 1 as id from threads`.execute(b.db);
    const threadId = next.rows[0]!.id;
    // As if a harvest took the batch's first thread while the load went on (its keys are
    // dropped then): committed with the threads COPY. One connection, so the threads are in
    // before the follows COPY fails.
    await sql`create function refer_seed() returns trigger language plpgsql as $$ begin
        insert into kb_articles (slug, title, body_md, body_html, source_thread_id) values ('seeded-' || new.id, 't', 'b', 'b', new.id);
        insert into kb_article_sources (article_id, thread_id, signature) select id, new.id, 's' from kb_articles where source_thread_id = new.id;
        insert into kb_deflections (form_key, thread_id, posted_thread_id) values ('seeded-' || new.id, new.id, new.id);
        return null;
      end $$`.execute(b.db);
    await sql`create trigger refer_seed after insert on threads for each row when (new.id = ${sql.lit(threadId)}) execute function refer_seed()`.execute(b.db);
    await sql`create or replace function fail_seed() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(b.db);
    await sql`create trigger fail_seed before insert on follows for each row execute function fail_seed()`.execute(b.db);
    try {
      await expect(seed(b, { scale: 40, append: true, jobs: 1 })).rejects.toThrow(/injected failure/);
    } finally {
      await sql`drop trigger fail_seed on follows`.execute(b.db);
      await sql`drop trigger refer_seed on threads`.execute(b.db);
    }

    expect(await schema()).toEqual(before);
    expect(await b.db.selectFrom("threads").select("id").where("id", ">=", threadId).execute()).toEqual([]);
    // What the dropped keys would have done: the source row cascaded, the references set null.
    expect(await b.db.selectFrom("kb_article_sources").select("thread_id").execute()).toEqual([]);
    expect(await b.db.selectFrom("kb_articles").select("source_thread_id").where("slug", "=", `seeded-${threadId}`).execute()).toEqual([{ source_thread_id: null }]);
    expect(await b.db.selectFrom("kb_deflections").select(["thread_id", "posted_thread_id"]).execute()).toEqual([{ thread_id: null, posted_thread_id: null }]);
    const marker = await b.db.selectFrom("settings").select("value").where("key", "=", SCALE_SEED_KEY).executeTakeFirstOrThrow();
    expect(marker.value).not.toHaveProperty("loading");
  });

  it("refuses to load twice, and --append adds another batch", async () => {
    await expect(seed(a)).rejects.toThrow(SeedRefused);
    const appended = await seed(a, { scale: 40, append: true });
    expect(appended.batch).toBe(1);
    const counts = await sql<{ threads: number; bad_count: number }>`
      select count(*)::int as threads,
             count(*) filter (where t.post_count <> (select count(*) from posts p where p.thread_id = t.id and p.status = 'visible'))::int as bad_count
        from threads t`.execute(a.db);
    expect(counts.rows[0]).toEqual({ threads: SCALE + 40, bad_count: 0 });
    // The sequences moved past the seeded ids: the app's next insert does not collide.
    const next = await a.db.insertInto("tags").values({ slug: "after-the-seed" }).returning("id").executeTakeFirstOrThrow();
    expect(next.id).toBeGreaterThan(0);
    const post = await sql<{ ok: boolean }>`select nextval(pg_get_serial_sequence('posts', 'id')) > (select max(id) from posts) as ok`.execute(a.db);
    expect(post.rows[0]!.ok).toBe(true);
  });
});
