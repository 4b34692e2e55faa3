import type { Db } from "../../../db/index";
import { DEFAULT_LEAD_WEIGHTS, leadWeightsSchema, type LeadWeights } from "../../harvest/leads/weights";
import { parseInput } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";
import { readSetting, saveSetting } from "../settings-store.server";

const KEY = "leads";

export async function getLeadWeights(db: Db): Promise<LeadWeights> {
  return readSetting(db, KEY, leadWeightsSchema, () => DEFAULT_LEAD_WEIGHTS);
}

/** Admins tune how leads are scored; the next pass rescores with the new weights. */
export async function updateLeadWeights(db: Db, actor: Actor | null, input: unknown): Promise<LeadWeights> {
  ensure(actor, "leads.configure");
  const weights = parseInput(leadWeightsSchema, input);
  await saveSetting(db, actor!, KEY, weights, { action: "leads.weights", details: weights });
  return weights;
}
