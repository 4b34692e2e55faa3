import { contentLanguageOf } from "../../i18n/locales";
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { THREAD_KINDS, type ThreadKind } from "../../../db/schema";
import { badRequest, validationFailed, msg, fieldError } from "../../lib/errors";
import { idSchema, parseInput, text, oneOf, says } from "../../lib/validation";
import type { ServiceContext } from "../context";
import { can, ensure, type Actor } from "../guardian";
import { createNotifications, publishNotifications } from "../notifications.server";
import { bodySearchColumns, prepareBody, prepareTitle, titleSearchColumns } from "./content.server";
import { notificationsForPost } from "./announce.server";
import { screenPost } from "../moderation/screening.server";
import { selectThreads, tagsByThread } from "./queries";
import { resolveTags, tagsSchema } from "./tags.server";
import { threadUrl, toThreadSummary, type ThreadSummary } from "./views";

export const THREAD_SORTS = ["latest", "newest", "top", "unanswered"] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
const PAGE_SIZE = 30;

const bool = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", ""])])
  .transform((v) => (v === "" ? undefined : v === true || v === "true" || v === "1"));

export const listThreadsSchema = z.object({
  category: z.string().trim().max(60).optional(),
  kind: z.enum(THREAD_KINDS, oneOf("kind", THREAD_KINDS)).optional().or(z.literal("").transform(() => undefined)),
  sort: z.enum(THREAD_SORTS, oneOf("sort", THREAD_SORTS)).default("latest").or(z.literal("").transform(() => "latest" as const)),
  solved: bool.optional(),
  tag: z.string().trim().max(60).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
});

/**
 * Keyset cursors: the sort key of the last row seen, so page 500 costs what page 1 costs. The
 * cursor is opaque to clients (base64url JSON) and validated on the way back in.
 */
type Cursor = { p?: boolean; t?: string; v?: number; id: number };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

const cursorSchema = z.object({ p: z.boolean().optional(), t: z.string().datetime().optional(), v: z.number().int().optional(), id: z.number().int() });

function decodeCursor(raw: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw badRequest(msg("thread.badCursor"));
  }
}

export async function listThreads(db: Db, actor: Actor | null, input: unknown): Promise<{ threads: ThreadSummary[]; next: string | null }> {
  ensure(actor, "category.view");
  const params = parseInput(listThreadsSchema, input);
  let query = selectThreads(db).where("threads.merged_into_id", "is", null).limit(params.limit + 1);
  if (!can(actor, "thread.viewHidden")) query = query.where("threads.hidden", "=", false).where("threads.awaiting_approval", "=", false);
  if (params.category) {
    const asId = idSchema.safeParse(params.category);
    query = /^\d+$/.test(params.category)
      ? query.where("threads.category_id", "=", asId.success ? asId.data : 0)
      : query.where("categories.slug", "=", params.category);
  }
  if (params.kind) query = query.where("threads.kind", "=", params.kind);
  if (params.solved !== undefined) query = query.where("threads.accepted_post_id", params.solved ? "is not" : "is", null);
  if (params.tag) {
    const tag = params.tag.toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom("thread_tags").innerJoin("tags", "tags.id", "thread_tags.tag_id").whereRef("thread_tags.thread_id", "=", "threads.id").where("tags.slug", "=", tag).select(sql`1`.as("one")),
      ),
    );
  }
  const cursor = params.after ? decodeCursor(params.after) : null;
  switch (params.sort) {
    case "latest":
      query = query.orderBy("threads.pinned", "desc").orderBy("threads.last_post_at", "desc").orderBy("threads.id", "desc");
      if (cursor?.p) {
        query = query.where(sql<boolean>`(threads.pinned, threads.last_post_at, threads.id) < (true, ${cursor.t ?? new Date(0).toISOString()}::timestamptz, ${cursor.id})`);
      } else if (cursor) {
        // Past the pinned threads, the same condition as `pinned = false` and a pair: PostgreSQL
        // estimates a row comparison by its first column, and `pinned < false` reads as "no
        // rows", which made it sort every later thread for page 50 (0.34 s) instead of walking
        // the index.
        query = query.where("threads.pinned", "=", false).where(sql<boolean>`(threads.last_post_at, threads.id) < (${cursor.t ?? new Date(0).toISOString()}::timestamptz, ${cursor.id})`);
      }
      break;
    case "newest":
    case "unanswered":
      if (params.sort === "unanswered") query = query.where("threads.post_count", "<=", 1).where("threads.kind", "=", "question");
      query = query.orderBy("threads.created_at", "desc").orderBy("threads.id", "desc");
      if (cursor) query = query.where(sql<boolean>`(threads.created_at, threads.id) < (${cursor.t ?? new Date(0).toISOString()}::timestamptz, ${cursor.id})`);
      break;
    case "top":
      query = query.orderBy("threads.vote_count", "desc").orderBy("threads.id", "desc");
      if (cursor) query = query.where(sql<boolean>`(threads.vote_count, threads.id) < (${cursor.v ?? 0}, ${cursor.id})`);
      break;
  }
  const rows = await query.execute();
  const page = rows.slice(0, params.limit);
  const tags = await tagsByThread(db, page.map((r) => r.id));
  const last = page[page.length - 1];
  let next: string | null = null;
  if (rows.length > params.limit && last) {
    next = encodeCursor(
      params.sort === "latest"
        ? { p: last.pinned, t: last.last_post_at.toISOString(), id: last.id }
        : params.sort === "top"
          ? { v: last.vote_count, id: last.id }
          : { t: last.created_at.toISOString(), id: last.id },
    );
  }
  return { threads: page.map((r) => toThreadSummary(r, tags.get(r.id) ?? [])), next };
}

export const createThreadSchema = z.object({
  categoryId: idSchema,
  kind: z.enum(THREAD_KINDS, oneOf("kind", THREAD_KINDS)),
  title: text("title", 3, 200),
  body: z.string({ invalid_type_error: says.text("body"), required_error: says.required("body") }).refine((b) => b.trim().length > 0, says.required("body")),
  tags: tagsSchema,
});

/**
 * Asks a question, starts a discussion or proposes an idea: the thread, its opening post (and
 * first revision), tags, the author's follow and mention notifications, in one transaction.
 * `alsoInTransaction` lets a caller whose own change depends on the new thread (accepting a
 * candidate request into an idea) commit with it or not at all.
 */
export async function createThread(
  ctx: ServiceContext,
  actor: Actor | null,
  input: unknown,
  options: { alsoInTransaction?: (tx: Db, threadId: number) => Promise<void> } = {},
) {
  ensure(actor, "thread.create");
  const data = parseInput(createThreadSchema, input);
  const category = await ctx.db.selectFrom("categories").select(["id", "kinds", "tag_mode", "name"]).where("id", "=", data.categoryId).executeTakeFirst();
  if (!category) throw validationFailed([fieldError("categoryId", msg("category.notFound"))]);
  if (!category.kinds.includes(data.kind)) {
    throw validationFailed([fieldError("kind", msg("thread.kindNotTaken", { category: category.name, kinds: category.kinds.join(", "), kind: data.kind }))]);
  }
  // A short post is told apart from its neighbour languages by the author's interface language.
  const authorLocale = contentLanguageOf(actor!.locale);
  const body = await prepareBody(data.body, { authorId: actor!.id, authorLocale });
  const title = await prepareTitle(data.title, body.plainText, authorLocale);
  const screening = await screenPost(ctx.db, actor!, { categoryId: category.id, body, title: data.title, kind: "thread" });
  const visible = screening.status === "visible";

  const { thread, post, notified } = await ctx.db.transaction().execute(async (tx) => {
    const tagIds = await resolveTags(tx, category, data.tags);
    const thread = await tx
      .insertInto("threads")
      .values({
        category_id: category.id,
        author_id: actor!.id,
        kind: data.kind as ThreadKind,
        title: data.title,
        idea_status: data.kind === "idea" ? "open" : null,
        post_count: visible ? 1 : 0,
        awaiting_approval: !visible,
        ...titleSearchColumns(title),
      })
      .returning(["id", "title", "kind", "status", "created_at"])
      .executeTakeFirstOrThrow();
    const post = await tx
      .insertInto("posts")
      .values({
        thread_id: thread.id,
        author_id: actor!.id,
        number: 1,
        body_md: body.md,
        body_html: body.html,
        status: screening.status,
        moderation_reasons: screening.reasons,
        ...bodySearchColumns(body),
      })
      .returning(["id", "status", "body_html", "created_at"])
      .executeTakeFirstOrThrow();
    await tx.insertInto("post_revisions").values({ post_id: post.id, revision: 1, body_md: body.md, body_html: body.html, title: data.title, editor_id: actor!.id }).execute();
    if (tagIds.length) await tx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: thread.id, tag_id }))).execute();
    await tx.insertInto("follows").values({ user_id: actor!.id, thread_id: thread.id, level: "watching" }).execute();
    const mentions = visible
      ? await notificationsForPost(tx, { id: post.id, threadId: thread.id, authorId: actor!.id, authorHandle: actor!.handle, markdown: body.md }, { title: data.title, hidden: false })
      : [];
    const notified = await createNotifications(tx, mentions);
    await options.alsoInTransaction?.(tx, thread.id);
    return { thread, post, notified };
  });
  await publishNotifications(ctx, notified);
  if (!visible) ctx.events.publish({ type: "queue:changed", reason: "held" });
  return {
    thread: { id: thread.id, title: thread.title, kind: thread.kind, status: thread.status, categoryId: category.id, url: threadUrl(thread.id), createdAt: thread.created_at.toISOString() },
    post: { id: post.id, status: post.status, html: post.body_html },
  };
}
