import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_VERSION } from "../../app/lib/language";
import { createReply } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import { searchThreads } from "../../app/services/search.server";
import { reindexSearch } from "../../app/services/search/reindex.server";
import { communityFixture, type CommunityFixture } from "../helpers/community";

let f: CommunityFixture;
const ids: number[] = [];

beforeAll(async () => {
  f = await communityFixture();
  const [alice, bob] = await Promise.all([f.as("alice"), f.as("bob")]);
  const categoryId = await f.categoryId("how-do-i");
  for (const [title, body] of [
    ["Glömt lösenordet", "Jag har glömt lösenordet till kundkorgen."],
    ["Handlekurven tømmes", "Varene i handlekurven forsvinner."],
    ["会议室预订失败", "我们预订会议室时系统报错。"],
  ]) {
    const { thread } = await createThread(f.ctx, alice, { categoryId, kind: "question", title, body });
    await createReply(f.ctx, bob, thread.id, { body: "Funker ikke her heller" });
    ids.push(thread.id);
  }
  // As rows written before migration 0010 look: no lexemes, Chinese spaced out, old version.
  await sql`update posts set body_lexemes = '', search_version = 0, search_text = case when language = 'zh' then '我 们 预 订 会 议 室' else search_text end, language = 'sv'`.execute(f.ctx.db);
  await sql`update threads set title_lexemes = '', search_version = 0`.execute(f.ctx.db);
}, 120_000);

afterAll(async () => {
  await f?.close();
});

const found = async (q: string) => (await searchThreads(f.ctx.db, null, { q })).results.map((r) => r.id);

describe("reindexSearch", () => {
  it("leaves old rows searchable by PostgreSQL's configurations until they are reindexed", async () => {
    expect(await found("lösenordet")).toContain(ids[0]);
    expect(await found("korg")).not.toContain(ids[0]);
  });

  it("rewrites every row in batches, reporting progress, and then has nothing left to do", async () => {
    const progress: [number, number][] = [];
    const result = await reindexSearch(f.ctx.db, { batchSize: 2, onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toEqual({ posts: 6, threads: 3 });
    expect(progress[0]).toEqual([0, 9]);
    expect(progress.at(-1)).toEqual([9, 9]);
    expect(progress.length).toBe(1 + 3 + 2); // posts in batches of 2, then threads

    const posts = await f.ctx.db.selectFrom("posts").select(["language", "search_text", "search_version", "body_lexemes"]).orderBy("id").execute();
    expect(posts.every((p) => p.search_version === SEARCH_VERSION && p.body_lexemes !== "")).toBe(true);
    expect(posts.map((p) => p.language)).toEqual(["sv", "no", "no", "no", "zh", "no"]);
    expect(posts[4]!.search_text).toBe("我们预订会议室时系统报错。");

    expect(await found("korg")).toContain(ids[0]);
    expect(await found("kurv")).toContain(ids[1]);
    expect(await found("会议")).toContain(ids[2]);

    expect(await reindexSearch(f.ctx.db)).toEqual({ posts: 0, threads: 0 });
  });
});
