import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { DEFAULT_LEAD_WEIGHTS, leadWeightsSchema, type LeadWeights } from "../../harvest/leads/weights";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { recordModAction } from "../moderation/audit.server";

const KEY = "leads";

export async function getLeadWeights(db: Db): Promise<LeadWeights> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = leadWeightsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_LEAD_WEIGHTS;
}

/** Admins tune how leads are scored; the next pass rescores with the new weights. */
export async function updateLeadWeights(db: Db, actor: Actor | null, input: unknown): Promise<LeadWeights> {
  ensure(actor, "leads.configure");
  const weights = parseInput(leadWeightsSchema, input);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("settings")
      .values({ key: KEY, value: JSON.stringify(weights) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(weights), updated_at: sql`now()` }))
      .execute();
    await recordModAction(tx, actor!, "leads.weights", { type: "settings", id: null }, "", weights);
  });
  return weights;
}
