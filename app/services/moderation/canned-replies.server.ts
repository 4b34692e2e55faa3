import { z } from "zod";
import type { Db } from "../../../db/index";
import { notFound, msg } from "../../lib/errors";
import { idSchema, parseInput, text } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";

export const cannedReplySchema = z.object({ title: text("title", 1, 100), body: text("body", 1, 8000) });

export interface CannedReply {
  id: number;
  title: string;
  body: string;
}

/** Moderators' saved answers ("Please search before posting…"), inserted into the composer. */
export async function listCannedReplies(db: Db, actor: Actor | null): Promise<CannedReply[]> {
  ensure(actor, "mod.cannedReplies");
  const rows = await db.selectFrom("canned_replies").select(["id", "title", "body_md"]).orderBy("title").execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body_md }));
}

export async function saveCannedReply(db: Db, actor: Actor | null, id: number | null, input: unknown): Promise<CannedReply> {
  ensure(actor, "mod.cannedReplies");
  const { title, body } = parseInput(cannedReplySchema, input);
  const row = id
    ? await db.updateTable("canned_replies").set({ title, body_md: body }).where("id", "=", parseInput(idSchema, id)).returning(["id", "title", "body_md"]).executeTakeFirst()
    : await db.insertInto("canned_replies").values({ title, body_md: body, created_by: actor!.id }).returning(["id", "title", "body_md"]).executeTakeFirst();
  if (!row) throw notFound(msg("mod.cannedNotFound"));
  return { id: row.id, title: row.title, body: row.body_md };
}

export async function deleteCannedReply(db: Db, actor: Actor | null, id: unknown): Promise<void> {
  ensure(actor, "mod.cannedReplies");
  const result = await db.deleteFrom("canned_replies").where("id", "=", parseInput(idSchema, id)).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(msg("mod.cannedNotFound"));
}
