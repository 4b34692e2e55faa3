import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThread } from "../../app/services/community/threads.server";
import { getThreadPage, POSTS_PER_PAGE } from "../../app/services/community/thread-page.server";
import { acceptAnswer } from "../../app/services/community/answers.server";
import { communityFixture, type CommunityFixture } from "../helpers/community";

let f: CommunityFixture;
let threadId: number;

beforeAll(async () => {
  f = await communityFixture();
  const alice = await f.as("alice");
  const { thread } = await createThread(f.ctx, alice, { categoryId: await f.categoryId("how-do-i"), kind: "question", title: "A long conversation", body: "Let's talk." });
  threadId = thread.id;
  // 199 replies by three authors, inserted in one statement: this test is about reads.
  await sql`
    insert into posts (thread_id, author_id, number, body_md, body_html, vote_count)
    select ${threadId}::int, (select id from users where handle = (array['bob','carol','mia'])[1 + n % 3]), n + 1, 'Reply ' || n, '<p>Reply ' || n || '</p>', n % 4
    from generate_series(1, 199) as n`.execute(f.database.db);
  await sql`update threads set post_count = 200 where id = ${threadId}`.execute(f.database.db);
  await sql`insert into post_votes (user_id, post_id) select (select id from users where handle = 'alice'), id from posts where thread_id = ${threadId} and number % 5 = 0`.execute(f.database.db);
  const accepted = await f.database.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("number", "=", 150).executeTakeFirstOrThrow();
  await acceptAnswer(f.ctx, alice, accepted.id);
});
afterAll(async () => {
  await f?.close();
});

async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const before = f.database.queries.length;
  const result = await work();
  return { result, queries: f.database.queries.length - before };
}

describe("a thread with 200 posts", () => {
  it("renders a page in a fixed, small number of queries, paginating the replies", async () => {
    const alice = await f.as("alice");
    const first = await countQueries(() => getThreadPage(f.database.db, alice, threadId, {}));
    expect(first.result.posts).toHaveLength(POSTS_PER_PAGE);
    expect(first.result.opening?.number).toBe(1);
    expect(first.result.posts[0]!.number).toBe(2);
    expect(first.result.accepted?.number).toBe(150);
    expect(first.result.next).toBe(POSTS_PER_PAGE + 1);
    // Votes of the viewer come with the page, not one query per post.
    expect(first.result.posts.find((p) => p.number === 5)!.viewer.voted).toBe(true);
    expect(first.result.posts.find((p) => p.number === 6)!.viewer.voted).toBe(false);

    const last = await countQueries(() => getThreadPage(f.database.db, alice, threadId, { after: 151 }));
    expect(last.result.posts.map((p) => p.number)).toEqual(Array.from({ length: 49 }, (_, i) => 152 + i));
    expect(last.result.next).toBeNull();

    const everything = await countQueries(() => getThreadPage(f.database.db, alice, threadId, { limit: 200 }));
    expect(everything.result.posts).toHaveLength(199);

    // The same handful of queries however many posts are shown: no N+1.
    expect(first.queries).toBeLessThanOrEqual(10);
    expect(everything.queries).toBe(first.queries);
    expect(last.queries).toBe(first.queries);
  });

  it("costs an anonymous reader even less", async () => {
    const { result, queries } = await countQueries(() => getThreadPage(f.database.db, null, threadId, {}));
    expect(result.posts).toHaveLength(POSTS_PER_PAGE);
    expect(queries).toBeLessThanOrEqual(5);
  });

  it("walks every page by its cursor and sees each reply exactly once", async () => {
    const seen: number[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page: Awaited<ReturnType<typeof getThreadPage>> = await getThreadPage(f.database.db, null, threadId, { after });
      seen.push(...page.posts.map((p) => p.number));
      after = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 199 }, (_, i) => i + 2));
  });
});
