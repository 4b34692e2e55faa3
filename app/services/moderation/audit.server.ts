import { z } from "zod";
import type { Db } from "../../../db/index";
import type { ModTargetType } from "../../../db/schema";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";

/**
 * The audit log: one row per moderator action, written in the same transaction as the action,
 * so the log never claims what did not happen nor misses what did. `actor` null = the system
 * (e.g. a post hidden automatically by flags).
 */
export async function recordModAction(
  db: Db,
  actor: Actor | null,
  action: string,
  target: { type: ModTargetType; id: number | null },
  reason = "",
  data: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto("mod_actions")
    .values({ actor_id: actor?.id ?? null, action, target_type: target.type, target_id: target.id, reason, data: JSON.stringify(data) })
    .execute();
}

const auditSchema = z.object({
  action: z.string().trim().max(60).optional(),
  actor: z.string().trim().max(30).optional(),
  targetType: z.enum(["post", "thread", "user", "flag", "settings", "article"]).optional().or(z.literal("").transform(() => undefined)),
  targetId: z.coerce.number().int().positive().max(2_147_483_647).optional().or(z.literal("").transform(() => undefined)),
  before: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface AuditEntry {
  id: number;
  actor: string | null;
  action: string;
  targetType: ModTargetType;
  targetId: number | null;
  reason: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export async function listAudit(db: Db, actor: Actor | null, input: unknown): Promise<{ entries: AuditEntry[]; next: number | null }> {
  ensure(actor, "mod.view");
  const f = parseInput(auditSchema, input);
  let query = db
    .selectFrom("mod_actions")
    .leftJoin("users", "users.id", "mod_actions.actor_id")
    .select(["mod_actions.id", "users.handle", "mod_actions.action", "mod_actions.target_type", "mod_actions.target_id", "mod_actions.reason", "mod_actions.data", "mod_actions.created_at"])
    .orderBy("mod_actions.id", "desc")
    .limit(f.limit + 1);
  if (f.action) query = query.where("mod_actions.action", "like", `${f.action.replace(/[\\%_]/g, "\\$&")}%`);
  if (f.actor) query = query.where((eb) => eb.fn("lower", ["users.handle"]), "=", f.actor.toLowerCase());
  if (f.targetType) query = query.where("mod_actions.target_type", "=", f.targetType);
  if (f.targetId) query = query.where("mod_actions.target_id", "=", f.targetId);
  if (f.before) query = query.where("mod_actions.id", "<", f.before);
  const rows = await query.execute();
  const page = rows.slice(0, f.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      actor: r.handle,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      reason: r.reason,
      data: r.data,
      createdAt: r.created_at.toISOString(),
    })),
    next: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}
