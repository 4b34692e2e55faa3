import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getLeadWeights, updateLeadWeights } from "~/services/leads/weights.server";

/** The lead-scoring weights (admins). */
export const loader = apiLoader(async ({ request, context }) => {
  ensure(await actorFor(request, context.app), "leads.configure");
  return jsonResponse({ weights: await getLeadWeights(context.app.db) });
});

export const action = apiAction({
  /** {plan:{prospect,trial,customer,none}, revenueBands, buyingIntent, …} → 200 {weights}; the next pass rescores */
  PUT: async ({ request, context }) => {
    return jsonResponse({ weights: await updateLeadWeights(context.app.db, await actorFor(request, context.app), await readJson(request)) });
  },
});
