import { contentLanguageOf } from "../../i18n/locales";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import type { ThreadsTable } from "../../../db/schema";
import type { Updateable } from "kysely";
import { conflict, notFound, validationFailed, msg, fieldError } from "../../lib/errors";
import { idSchema, parseInput, text, says, zmsg } from "../../lib/validation";
import { harvestLater, harvestSoon } from "../../harvest/triggers.server";
import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { prepareTitle, titleSearchColumns } from "../community/content.server";
import { visiblePostCount } from "../community/queries";
import { threadUrl } from "../community/views";
import { recordModAction } from "./audit.server";

const reasonField = z.string().trim().max(500, says.atMost("reason", 500)).optional().default("");

/** Simple switches: each sets columns on the thread and says what readers should update. */
const SWITCHES = {
  lock: { status: "locked" },
  unlock: { status: "open" },
  close: { status: "closed" },
  reopen: { status: "open" },
  pin: { pinned: true },
  unpin: { pinned: false },
  hide: { hidden: true },
  unhide: { hidden: false },
} as const satisfies Record<string, Updateable<ThreadsTable>>;

export type ThreadSwitch = keyof typeof SWITCHES;
export const THREAD_SWITCHES = Object.keys(SWITCHES) as ThreadSwitch[];

async function lockThread(tx: Db, id: number) {
  const thread = await tx
    .selectFrom("threads")
    .select(["id", "title", "status", "pinned", "hidden", "category_id", "merged_into_id", "kind"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!thread) throw notFound(msg("thread.notFound"));
  return thread;
}

const recount = (tx: Db, threadId: number) =>
  tx
    .updateTable("threads")
    .set({
      post_count: visiblePostCount(threadId),
      last_post_at: sql`coalesce((select max(created_at) from posts where thread_id = ${threadId} and status = 'visible'), threads.created_at)`,
      updated_at: sql`now()`,
    })
    .where("id", "=", threadId)
    .execute();

export async function switchThread(ctx: ServiceContext, actor: Actor | null, threadId: unknown, change: ThreadSwitch, input: unknown = {}) {
  ensure(actor, "mod.threads");
  const id = parseInput(idSchema, threadId);
  const { reason } = parseInput(z.object({ reason: reasonField }), input);
  const changes = SWITCHES[change];
  const thread = await ctx.db.transaction().execute(async (tx) => {
    await lockThread(tx, id);
    const updated = await tx
      .updateTable("threads")
      .set({ ...changes, updated_at: sql`now()` })
      .where("id", "=", id)
      .returning(["id", "title", "status", "pinned", "hidden", "category_id"])
      .executeTakeFirstOrThrow();
    await recordModAction(tx, actor!, `thread.${change}`, { type: "thread", id }, reason);
    // Hidden or shown again, its article (if any) may have to follow.
    await harvestLater(ctx, tx, [id], `thread.${change}`);
    return updated;
  });
  harvestSoon(ctx);
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { ...changes } });
  const { category_id, ...rest } = thread;
  return { thread: { ...rest, categoryId: category_id, url: threadUrl(id) } };
}

export async function moveThread(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  ensure(actor, "mod.threads");
  const id = parseInput(idSchema, threadId);
  const { categoryId, reason } = parseInput(z.object({ categoryId: idSchema, reason: reasonField }), input);
  const thread = await ctx.db.transaction().execute(async (tx) => {
    const before = await lockThread(tx, id);
    const category = await tx.selectFrom("categories").select(["id", "kinds", "name"]).where("id", "=", categoryId).executeTakeFirst();
    if (!category) throw validationFailed([fieldError("categoryId", msg("category.notFound"))]);
    if (!category.kinds.includes(before.kind)) {
      throw validationFailed([fieldError("categoryId", msg("mod.kindNotTaken", { category: category.name, kind: before.kind }))]);
    }
    const updated = await tx.updateTable("threads").set({ category_id: categoryId, updated_at: sql`now()` }).where("id", "=", id).returning(["id", "title"]).executeTakeFirstOrThrow();
    await recordModAction(tx, actor!, "thread.move", { type: "thread", id }, reason, { from: before.category_id, to: categoryId });
    await harvestLater(ctx, tx, [id], "thread.move");
    return updated;
  });
  harvestSoon(ctx);
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { categoryId } });
  return { thread: { ...thread, categoryId, url: threadUrl(id) } };
}

/**
 * Merges a thread into another: its posts move over after the target's, in their original
 * order and with their authors; the source stays as a pointer so its URL redirects.
 */
export async function mergeThread(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  ensure(actor, "mod.threads");
  return mergeThreads(ctx, actor!, threadId, input, { ideasOnly: false });
}

/**
 * The merge itself, for moderators (any two threads) and product managers (two ideas, from the
 * idea board). Whatever follows a thread follows it into the target: posts, followers, idea
 * votes (a person who voted for both counts once), tags, and the harvest's signals and idea
 * evidence, so the surviving idea keeps every quote that backed either.
 */
export async function mergeThreads(ctx: ServiceContext, actor: Actor, threadId: unknown, input: unknown, options: { ideasOnly: boolean }) {
  const id = parseInput(idSchema, threadId);
  const { intoThreadId, reason } = parseInput(z.object({ intoThreadId: idSchema, reason: reasonField }), input);
  if (intoThreadId === id) throw validationFailed([fieldError("intoThreadId", msg("mod.mergeIntoItself"))]);
  const moved = await ctx.db.transaction().execute(async (tx) => {
    // Lock both in id order so two crossing merges cannot deadlock.
    const locked = new Map<number, Awaited<ReturnType<typeof lockThread>>>();
    for (const tid of [id, intoThreadId].sort((a, b) => a - b)) locked.set(tid, await lockThread(tx, tid));
    const source = locked.get(id)!;
    const target = locked.get(intoThreadId)!;
    if (options.ideasOnly && (source.kind !== "idea" || target.kind !== "idea")) throw validationFailed([fieldError("intoThreadId", msg("mod.mergeIdeasOnly"))]);
    if (source.merged_into_id) throw conflict(msg("mod.alreadyMerged"));
    if (target.merged_into_id) throw validationFailed([fieldError("intoThreadId", msg("mod.targetMerged"))]);
    // The accepted answer points at a post of this thread: let go of it before the posts move.
    await tx.updateTable("threads").set({ accepted_post_id: null }).where("id", "=", id).execute();
    const { last } = await tx.selectFrom("posts").select((eb) => eb.fn.max("number").as("last")).where("thread_id", "=", intoThreadId).executeTakeFirstOrThrow();
    // Appended after the target's last post: numbers above `last` are free there.
    const moved = await tx
      .updateTable("posts")
      .set({ thread_id: intoThreadId, number: sql`${last ?? 0} + number` })
      .where("thread_id", "=", id)
      .returning("id")
      .execute();
    // Followers and idea votes carry over (once each); tags join the target's.
    await sql`insert into follows (user_id, thread_id, level, created_at) select user_id, ${intoThreadId}::int, level, created_at from follows where thread_id = ${id} on conflict do nothing`.execute(tx);
    await sql`insert into idea_votes (user_id, thread_id, created_at) select user_id, ${intoThreadId}::int, created_at from idea_votes where thread_id = ${id} on conflict do nothing`.execute(tx);
    await sql`insert into thread_tags (thread_id, tag_id) select ${intoThreadId}::int, tag_id from thread_tags where thread_id = ${id} on conflict do nothing`.execute(tx);
    // The signals of the moved posts, and the evidence backing the merged idea, now belong to the target.
    await tx.updateTable("post_signals").set({ thread_id: intoThreadId }).where("thread_id", "=", id).execute();
    await tx.updateTable("idea_evidence").set({ idea_thread_id: target.kind === "idea" ? intoThreadId : null, status: target.kind === "idea" ? "attached" : "candidate" }).where("idea_thread_id", "=", id).execute();
    await tx
      .updateTable("threads")
      .set({ merged_into_id: intoThreadId, post_count: 0, status: "closed", updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    if (target.kind === "idea") {
      await tx.updateTable("threads").set({ vote_count: sql`(select count(*) from idea_votes where thread_id = ${intoThreadId})` }).where("id", "=", intoThreadId).execute();
    }
    await recount(tx, intoThreadId);
    await recordModAction(tx, actor, "thread.merge", { type: "thread", id }, reason, { into: intoThreadId, posts: moved.length });
    await harvestLater(ctx, tx, [id, intoThreadId], "thread.merge");
    return moved.length;
  });
  harvestSoon(ctx);
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { mergedIntoId: intoThreadId } });
  ctx.events.publish({ type: "thread:updated", threadId: intoThreadId, changes: { merged: id } });
  return { thread: { id, mergedIntoId: intoThreadId, url: threadUrl(intoThreadId) }, movedPosts: moved };
}

export const splitSchema = z.object({
  postIds: z.array(idSchema).min(1, zmsg("validation.choosePost")).max(500),
  title: text("title", 3, 200),
  categoryId: idSchema.optional(),
  reason: reasonField,
});

/** Moves selected replies into a new thread; the first of them becomes its opening post. */
export async function splitThread(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  ensure(actor, "mod.threads");
  const id = parseInput(idSchema, threadId);
  const data = parseInput(splitSchema, input);
  const created = await ctx.db.transaction().execute(async (tx) => {
    const source = await lockThread(tx, id);
    const posts = await tx
      .selectFrom("posts")
      .select(["id", "number", "author_id", "search_text", "created_at"])
      .where("thread_id", "=", id)
      .where("id", "in", data.postIds)
      .orderBy("number")
      .execute();
    if (posts.length !== new Set(data.postIds).size) throw validationFailed([fieldError("postIds", msg("mod.splitForeignPost"))]);
    if (posts.some((p) => p.number === 1)) throw validationFailed([fieldError("postIds", msg("mod.splitOpening"))]);
    const first = posts[0]!;
    const author = await tx.selectFrom("users").select("locale").where("id", "=", first.author_id).executeTakeFirst();
    const title = await prepareTitle(data.title, first.search_text, contentLanguageOf(author?.locale));
    const thread = await tx
      .insertInto("threads")
      .values({
        category_id: data.categoryId ?? source.category_id,
        author_id: first.author_id,
        kind: source.kind === "idea" ? "discussion" : source.kind,
        title: data.title,
        idea_status: null,
        ...titleSearchColumns(title),
        created_at: first.created_at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.updateTable("threads").set({ accepted_post_id: null }).where("id", "=", id).where("accepted_post_id", "in", data.postIds).execute();
    for (const [index, post] of posts.entries()) {
      await tx.updateTable("posts").set({ thread_id: thread.id, number: index + 1, reply_to_id: null }).where("id", "=", post.id).execute();
    }
    await sql`insert into follows (user_id, thread_id, level) select distinct author_id, ${thread.id}::int, 'watching' from posts where thread_id = ${thread.id} on conflict do nothing`.execute(tx);
    await recount(tx, id);
    await recount(tx, thread.id);
    await recordModAction(tx, actor!, "thread.split", { type: "thread", id }, data.reason, { newThreadId: thread.id, postIds: posts.map((p) => p.id) });
    await harvestLater(ctx, tx, [id], "thread.split");
    return thread.id;
  });
  harvestSoon(ctx);
  for (const postId of data.postIds) ctx.events.publish({ type: "post:hidden", threadId: id, postId });
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { split: created } });
  return { thread: { id: created, url: threadUrl(created) } };
}

/** Marks a thread as a duplicate of another and closes it, pointing readers to the original. */
export async function markDuplicate(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  ensure(actor, "mod.threads");
  const id = parseInput(idSchema, threadId);
  const { ofThreadId, reason } = parseInput(z.object({ ofThreadId: idSchema, reason: reasonField }), input);
  if (ofThreadId === id) throw validationFailed([fieldError("ofThreadId", msg("mod.duplicateOfItself"))]);
  await ctx.db.transaction().execute(async (tx) => {
    await lockThread(tx, id);
    const original = await tx.selectFrom("threads").select("id").where("id", "=", ofThreadId).executeTakeFirst();
    if (!original) throw validationFailed([fieldError("ofThreadId", msg("thread.notFound"))]);
    await tx.updateTable("threads").set({ duplicate_of_id: ofThreadId, status: "closed", updated_at: sql`now()` }).where("id", "=", id).execute();
    await recordModAction(tx, actor!, "thread.duplicate", { type: "thread", id }, reason, { of: ofThreadId });
  });
  ctx.events.publish({ type: "thread:updated", threadId: id, changes: { status: "closed", duplicateOfId: ofThreadId } });
  return { thread: { id, status: "closed", duplicateOfId: ofThreadId, url: threadUrl(id) } };
}
