import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getModerationSettings, updateModerationSettings } from "~/services/moderation/settings.server";

export const loader = apiLoader(async ({ request, context }) => {
  ensure(await actorFor(request, context.app), "settings.manage");
  return jsonResponse({ settings: await getModerationSettings(context.app.db) });
});

export const action = apiAction({
  PUT: async ({ request, context }) =>
    jsonResponse({ settings: await updateModerationSettings(context.app.db, await actorFor(request, context.app), await readJson(request)) }),
});
