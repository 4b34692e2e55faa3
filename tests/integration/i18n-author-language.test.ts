import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReply, editPost } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import { reindexSearch } from "../../app/services/search/reindex.server";
import { communityFixture, type CommunityFixture } from "../helpers/community";

/**
 * "Problem med kontoen" is Norwegian ("a problem with the account"), but on its own it reads as
 * Swedish to language identification. Its author's interface language breaks the tie.
 */
const AMBIGUOUS = "Problem med kontoen";

let f: CommunityFixture;
let threadId: number;

beforeAll(async () => {
  f = await communityFixture();
  await f.ctx.db.updateTable("users").set({ locale: "nb" }).where("handle", "=", "alice").execute();
  await f.ctx.db.updateTable("users").set({ locale: null }).where("handle", "=", "bob").execute();
  const carol = await f.as("carol");
  const { thread } = await createThread(f.ctx, carol, {
    categoryId: await f.categoryId("how-do-i"),
    kind: "question",
    title: "Cannot log in after the update",
    body: "Since this morning's update the login page just reloads. Anyone else seeing this?",
  });
  threadId = thread.id;
}, 120_000);

afterAll(async () => {
  await f?.close();
});

const languageOf = async (postId: number) => (await f.ctx.db.selectFrom("posts").select("language").where("id", "=", postId).executeTakeFirstOrThrow()).language;

describe("the author's interface language as the tie-breaker", () => {
  it("stores a short ambiguous reply by a member who uses Norwegian as Norwegian", async () => {
    const { post } = await createReply(f.ctx, await f.as("alice"), threadId, { body: AMBIGUOUS });
    expect(await languageOf(post.id)).toBe("no");
    // The same words from someone who chose no language are identified on their own.
    const other = await createReply(f.ctx, await f.as("bob"), threadId, { body: AMBIGUOUS });
    expect(await languageOf(other.post.id)).toBe("sv");
  });

  it("keeps it when the reply is edited, and when search is reindexed", async () => {
    const { post } = await createReply(f.ctx, await f.as("alice"), threadId, { body: "Takk!" });
    await editPost(f.ctx, await f.as("alice"), post.id, { body: AMBIGUOUS });
    expect(await languageOf(post.id)).toBe("no");
    await sql`update posts set language = 'en', search_version = 0 where id = ${post.id}`.execute(f.ctx.db);
    await reindexSearch(f.ctx.db);
    expect(await languageOf(post.id)).toBe("no");
  });

  it("identifies a new thread's title by its author's language too", async () => {
    const { thread } = await createThread(f.ctx, await f.as("alice"), { categoryId: await f.categoryId("how-do-i"), kind: "question", title: AMBIGUOUS, body: AMBIGUOUS });
    const row = await f.ctx.db.selectFrom("threads").select("language").where("id", "=", thread.id).executeTakeFirstOrThrow();
    expect(row.language).toBe("no");
  });
});
