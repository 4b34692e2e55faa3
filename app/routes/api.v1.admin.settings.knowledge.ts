import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getKnowledgeSettings, updateKnowledgeSettings } from "~/services/knowledge/settings.server";

/** → {settings:{staleAfterDays}} (admins) */
export const loader = apiLoader(async ({ request, context }) => {
  ensure(await actorFor(request, context.app), "settings.manage");
  return jsonResponse({ settings: await getKnowledgeSettings(context.app.db) });
});

export const action = apiAction({
  /** {staleAfterDays} → 200 {settings} */
  PUT: async ({ request, context }) =>
    jsonResponse({ settings: await updateKnowledgeSettings(context.app.db, await actorFor(request, context.app), await readJson(request)) }),
});
