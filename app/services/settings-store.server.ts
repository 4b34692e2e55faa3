import { sql } from "kysely";
import type { ZodType, ZodTypeDef } from "zod";
import type { Db } from "../../db/index";
import type { Actor } from "./guardian";
import { recordModAction } from "./moderation/audit.server";

/**
 * The settings table holds one JSON value per area (moderation, knowledge, leads, language).
 * A stored value an older version wrote, or none, reads as the area's defaults.
 */
export async function readSetting<T>(db: Db, key: string, schema: ZodType<T, ZodTypeDef, unknown>, fallback: () => T): Promise<T> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  const parsed = schema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : fallback();
}

/** Stores an area's (already validated) value and its audit entry in one transaction. */
export async function saveSetting(db: Db, actor: Actor, key: string, value: unknown, audit: { action: string; details: Record<string, unknown> }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("settings")
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: sql`now()` }))
      .execute();
    await recordModAction(tx, actor, audit.action, { type: "settings", id: null }, "", audit.details);
  });
}
