import { contentLanguageOf } from "../../i18n/locales";
import { sql } from "kysely";
import { z } from "zod";
import { notFound, validationFailed, msg, fieldError } from "../../lib/errors";
import { keyedMutex } from "../../lib/keyed-mutex";
import { idSchema, parseInput, text, says } from "../../lib/validation";
import { harvestLater, harvestSoon } from "../../harvest/triggers.server";
import type { ServiceContext } from "../context";
import { can, ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications } from "../notifications.server";
import { bodySearchColumns, prepareBody, prepareTitle, titleSearchColumns } from "./content.server";
import { notificationsForPost } from "./announce.server";
import { screenEdit, screenPost } from "../moderation/screening.server";
import { loadVisiblePost, loadVisibleThread, selectPosts } from "./queries";
import { toPostPayload } from "./views";
import type { Db } from "../../../db/index";

const bodySchema = z
  .string({ invalid_type_error: says.text("body"), required_error: says.required("body") })
  .refine((b) => b.trim().length > 0, says.required("body"));

/** Replies to one thread, serialised per thread on this node (see createReply). */
const threadWrites = keyedMutex<number>();

export const replySchema = z.object({
  body: bodySchema,
  replyToId: z.union([idSchema, z.null(), z.literal("").transform(() => null)]).optional(),
});

/**
 * Replies to a thread. The thread row is locked while the post takes the next number, so
 * numbers and counters stay exact under concurrent replies. Followers (not the author, not
 * those who muted) get a reply notification; mentioned users a mention instead.
 */
export async function createReply(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  const id = parseInput(idSchema, threadId);
  const thread = await loadVisibleThread(ctx.db, actor, id);
  ensure(actor, "thread.reply", thread.target);
  const data = parseInput(replySchema, input);
  if (data.replyToId) {
    const parent = await ctx.db.selectFrom("posts").select("id").where("id", "=", data.replyToId).where("thread_id", "=", id).executeTakeFirst();
    if (!parent) throw validationFailed([fieldError("replyToId", msg("post.replyToElsewhere"))]);
  }
  const body = await prepareBody(data.body, { authorId: actor!.id, authorLocale: contentLanguageOf(actor!.locale) });
  const screening = await screenPost(ctx.db, actor!, { categoryId: thread.category_id, body, kind: "reply" });
  const visible = screening.status === "visible";

  // One reply per thread at a time from this node: replies to a busy thread wait here, not each
  // holding a pooled connection while it waits for the thread's row lock, which would starve
  // every other request of connections.
  const { row, notified, threadAtCommit } = await threadWrites.run(id, () =>
    ctx.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom("threads").select(["status", "hidden", "awaiting_approval"]).where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
      // Re-checked under the lock: a moderator may have locked the thread while we rendered.
      const threadAtCommit = { ...thread.target, status: locked.status, hidden: locked.hidden, awaitingApproval: locked.awaiting_approval };
      ensure(actor, "thread.reply", threadAtCommit);
      // Numbers count every post (held ones too), so they come from the posts, not post_count,
      // which counts only what readers see. The thread lock makes max + 1 safe.
      const { last } = await tx.selectFrom("posts").select((eb) => eb.fn.max("number").as("last")).where("thread_id", "=", id).executeTakeFirstOrThrow();
      const inserted = await tx
        .insertInto("posts")
        .values({
          thread_id: id,
          author_id: actor!.id,
          number: (last ?? 0) + 1,
          body_md: body.md,
          body_html: body.html,
          reply_to_id: data.replyToId ?? null,
          status: screening.status,
          moderation_reasons: screening.reasons,
          ...bodySearchColumns(body),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (visible) {
        await tx
          .updateTable("threads")
          .set({ post_count: sql`post_count + 1`, last_post_at: sql`now()`, updated_at: sql`now()` })
          .where("id", "=", id)
          .execute();
      }
      await tx.insertInto("post_revisions").values({ post_id: inserted.id, revision: 1, body_md: body.md, body_html: body.html, editor_id: actor!.id }).execute();
      await tx
        .insertInto("follows")
        .values({ user_id: actor!.id, thread_id: id, level: "watching" })
        .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doNothing())
        .execute();
      // A held post is announced when a moderator approves it, not before.
      const notifications = visible
        ? await notificationsForPost(tx, { id: inserted.id, threadId: id, authorId: actor!.id, authorHandle: actor!.handle, markdown: body.md }, { title: thread.title, hidden: locked.hidden })
        : [];
      const notified = await createNotifications(tx, notifications);
      const row = await selectPosts(tx).where("posts.id", "=", inserted.id).executeTakeFirstOrThrow();
      return { row, notified, threadAtCommit };
    }),
  );

  const post = toPostPayload(row);
  if (!visible) ctx.events.publish({ type: "queue:changed", reason: "held" });
  // The thread as it was under the lock rides along: fan-out need not read it back.
  if (row.status === "visible") ctx.events.publish({ type: "post:created", threadId: id, postId: row.id, post, thread: threadAtCommit });
  await publishNotifications(ctx, notified);
  return { post };
}

export const editSchema = z.object({
  body: bodySchema,
  title: text("title", 3, 200).optional(),
});

/** Edits a post: a new revision (the old ones stay readable), and the title for opening posts. */
export async function editPost(ctx: ServiceContext, actor: Actor | null, postId: unknown, input: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(ctx.db, actor, id);
  ensure(actor, "post.edit", post.target);
  const data = parseInput(editSchema, input);
  if (data.title && post.number !== 1) throw validationFailed([fieldError("title", msg("post.titleOnOpening"))]);
  const body = await prepareBody(data.body, { authorId: actor!.id, authorLocale: contentLanguageOf(actor!.locale) });
  const heldFor = await screenEdit(ctx.db, actor!, { body, title: data.title });

  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable("posts")
      .set({
        // An edit that trips the screening goes back to the review queue until approved.
        ...(heldFor.length > 0 && { status: "pending" as const, moderation_reasons: heldFor }),
        body_md: body.md,
        body_html: body.html,
        ...bodySearchColumns(body),
        revision: sql`revision + 1`,
        edited_at: sql`now()`,
      })
      .where("id", "=", id)
      .returning(["revision"])
      .executeTakeFirstOrThrow();
    const title = data.title ?? null;
    if (title) {
      const t = await prepareTitle(title, body.plainText, contentLanguageOf(actor!.locale));
      await tx
        .updateTable("threads")
        .set({ title, ...titleSearchColumns(t), updated_at: sql`now()` })
        .where("id", "=", post.thread_id)
        .execute();
    }
    await tx.insertInto("post_revisions").values({ post_id: id, revision: updated.revision, body_md: body.md, body_html: body.html, title, editor_id: actor!.id }).execute();
    // The question and its accepted answer are an article's source: its article must follow.
    if (post.number === 1 || post.thread.accepted_post_id === id) await harvestLater(ctx, tx, [post.thread_id], "post.edited");
    if (heldFor.length > 0 && post.status === "visible") {
      await tx
        .updateTable("threads")
        .set({
          post_count: sql`greatest(post_count - 1, 0)`,
          ...(post.number === 1 && { awaiting_approval: true }),
        })
        .where("id", "=", post.thread_id)
        .execute();
    }
    return selectPosts(tx).where("posts.id", "=", id).executeTakeFirstOrThrow();
  });

  harvestSoon(ctx);
  const payload = toPostPayload(row);
  if (row.status === "visible") ctx.events.publish({ type: "post:updated", threadId: row.thread_id, postId: id, post: payload });
  if (heldFor.length > 0) {
    if (post.status === "visible") ctx.events.publish({ type: "post:hidden", threadId: row.thread_id, postId: id });
    ctx.events.publish({ type: "queue:changed", reason: "held" });
  }
  if (data.title) ctx.events.publish({ type: "thread:updated", threadId: row.thread_id, changes: { title: data.title } });
  return { post: payload };
}

/** Every version of a post, newest first: edits are visible to readers, not silent. */
export async function listRevisions(db: Db, actor: Actor | null, postId: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(db, actor, id);
  const rows = await db
    .selectFrom("post_revisions")
    .leftJoin("users", "users.id", "post_revisions.editor_id")
    .select(["post_revisions.revision", "post_revisions.body_html", "post_revisions.title", "post_revisions.created_at", "users.handle as editor"])
    .where("post_revisions.post_id", "=", id)
    .orderBy("post_revisions.revision", "desc")
    .execute();
  if (rows.length === 0) throw notFound(msg("post.noRevisions"));
  return {
    post: { id, threadId: post.thread_id, number: post.number },
    revisions: rows.map((r) => ({ revision: r.revision, html: r.body_html, title: r.title, editor: r.editor, createdAt: r.created_at.toISOString() })),
  };
}

/** The raw Markdown of a post, for its author's edit form and for quote-replies. */
export async function getPostSource(db: Db, actor: Actor | null, postId: unknown) {
  const id = parseInput(idSchema, postId);
  const post = await loadVisiblePost(db, actor, id);
  const row = await db.selectFrom("posts").select("body_md").where("id", "=", id).executeTakeFirstOrThrow();
  return { id, threadId: post.thread_id, markdown: row.body_md, author: post.author_handle, canEdit: can(actor, "post.edit", post.target) };
}
