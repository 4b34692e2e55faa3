import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../../db/index";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";

export interface QueueItem {
  /** Stable across reloads: `pending:<postId>`, `flagged:<postId>` or `signup:<userId>`. */
  id: string;
  kind: "pending" | "flagged" | "signup";
  postId: number | null;
  userId: number;
  reasons: string[];
  /** Flag weight (trusted flags count double) or 0; the queue shows the heaviest first. */
  score: number;
  createdAt: string;
  user: { id: number; handle: string; trustLevel: number; createdAt: string };
  post: { id: number; html: string; number: number; status: string } | null;
  thread: { id: number; title: string; url: string } | null;
  category: { id: number; name: string } | null;
  flags: { reason: string; note: string; by: string; trusted: boolean }[];
}

const queueSchema = z.object({
  kind: z.enum(["pending", "flagged", "signup"]).optional().or(z.literal("").transform(() => undefined)),
  category: z.coerce.number().int().positive().max(2_147_483_647).optional().or(z.literal("").transform(() => undefined)),
  reason: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/**
 * Everything waiting for a moderator: held posts, flagged posts and new sign-ups, with the
 * reasons, in three queries whatever the queue's length.
 */
export async function getReviewQueue(db: Db, actor: Actor | null, input: unknown): Promise<{ items: QueueItem[]; counts: Record<QueueItem["kind"], number> }> {
  ensure(actor, "mod.view");
  const f = parseInput(queueSchema, input);

  const postsBase = db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("categories", "categories.id", "threads.category_id")
    .innerJoin("users", "users.id", "posts.author_id")
    .select([
      "posts.id as post_id",
      "posts.body_html",
      "posts.number",
      "posts.status",
      "posts.moderation_reasons",
      "posts.created_at",
      "threads.id as thread_id",
      "threads.title",
      "categories.id as category_id",
      "categories.name as category_name",
      "users.id as user_id",
      "users.handle",
      "users.trust_level",
      "users.created_at as user_created_at",
    ]);
  const scoped = <T extends typeof postsBase>(q: T) => (f.category ? (q.where("threads.category_id", "=", f.category) as T) : q);

  const [pending, flagged, signups] = await Promise.all([
    f.kind && f.kind !== "pending" ? [] : scoped(postsBase).where("posts.status", "=", "pending").orderBy("posts.created_at").limit(f.limit).execute(),
    f.kind && f.kind !== "flagged"
      ? []
      : scoped(postsBase)
          .innerJoin("flags", "flags.post_id", "posts.id")
          .innerJoin("users as flagger", "flagger.id", "flags.user_id")
          .select([
            sql<number>`sum(case when flags.trusted then 2 else 1 end)::int`.as("score"),
            sql<{ reason: string; note: string; by: string; trusted: boolean }[]>`json_agg(json_build_object('reason', flags.reason, 'note', flags.note, 'by', flagger.handle, 'trusted', flags.trusted) order by flags.created_at)`.as("flag_list"),
          ])
          .where("flags.status", "=", "open")
          .where("posts.status", "!=", "deleted")
          .groupBy(["posts.id", "threads.id", "categories.id", "users.id"])
          .orderBy("score", "desc")
          .limit(f.limit)
          .execute(),
    f.kind && f.kind !== "signup" || f.category
      ? []
      : db
          .selectFrom("users")
          .select(["id", "handle", "trust_level", "created_at", "email"])
          .where("reviewed_at", "is", null)
          .orderBy("created_at")
          .limit(f.limit)
          .execute(),
  ]);

  const postItem = (kind: "pending" | "flagged", r: (typeof pending)[number], extra: { score: number; flags: QueueItem["flags"] }): QueueItem => ({
    id: `${kind}:${r.post_id}`,
    kind,
    postId: r.post_id,
    userId: r.user_id,
    reasons: kind === "pending" ? r.moderation_reasons : [...new Set(extra.flags.map((fl) => fl.reason))],
    score: extra.score,
    createdAt: r.created_at.toISOString(),
    user: { id: r.user_id, handle: r.handle, trustLevel: r.trust_level, createdAt: r.user_created_at.toISOString() },
    post: { id: r.post_id, html: r.body_html, number: r.number, status: r.status },
    thread: { id: r.thread_id, title: r.title, url: `/t/${r.thread_id}` },
    category: { id: r.category_id, name: r.category_name },
    flags: extra.flags,
  });

  let items: QueueItem[] = [
    ...flagged.map((r) => postItem("flagged", r, { score: r.score, flags: r.flag_list })),
    ...pending.map((r) => postItem("pending", r, { score: 0, flags: [] })),
    ...signups.map((u) => ({
      id: `signup:${u.id}`,
      kind: "signup" as const,
      postId: null,
      userId: u.id,
      reasons: ["new_signup", `email:${u.email.split("@")[1] ?? ""}`],
      score: 0,
      createdAt: u.created_at.toISOString(),
      user: { id: u.id, handle: u.handle, trustLevel: u.trust_level, createdAt: u.created_at.toISOString() },
      post: null,
      thread: null,
      category: null,
      flags: [],
    })),
  ];
  if (f.reason) items = items.filter((i) => i.reasons.some((r) => r === f.reason || r.startsWith(`${f.reason}:`)));
  const counts = { pending: 0, flagged: 0, signup: 0 };
  for (const item of items) counts[item.kind]++;
  return { items, counts };
}

/** The open queue's size, for the health page and the moderator's header badge. */
export async function queueSize(db: Db): Promise<number> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("posts").where("status", "=", "pending").select(eb.fn.countAll<number>().as("n")).as("pending"),
      eb.selectFrom("flags").where("status", "=", "open").select(sql<number>`count(distinct post_id)`.as("n")).as("flagged"),
      eb.selectFrom("users").where("reviewed_at", "is", null).select(eb.fn.countAll<number>().as("n")).as("signups"),
    ])
    .executeTakeFirstOrThrow();
  return Number(row.pending ?? 0) + Number(row.flagged ?? 0) + Number(row.signups ?? 0);
}
