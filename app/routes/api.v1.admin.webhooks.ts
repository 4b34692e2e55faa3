import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createWebhook, listWebhooks } from "~/services/webhooks/webhooks.server";

/** → {webhooks:[{id,url,events,active}], deliveries:[…latest 50]} (admins) */
export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse(await listWebhooks(context.app.db, await actorFor(request, context.app)));
});

export const action = apiAction({
  /** {url, events:["lead.created"|"lead.qualified"|"idea.status_changed"]} → 201 {webhook, secret} (the secret is shown once) */
  POST: async ({ request, context }) => {
    return jsonResponse(await createWebhook(context.app.db, await actorFor(request, context.app), await readJson(request)), 201);
  },
});
