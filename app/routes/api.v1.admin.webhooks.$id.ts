import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { deleteWebhook, listDeliveries, setWebhookActive } from "~/services/webhooks/webhooks.server";

export const action = apiAction({
  /** {active} → 200 {deliveries} */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    await setWebhookActive(context.app.db, actor, params.id, await readJson(request));
    return jsonResponse(await listDeliveries(context.app.db, actor, { webhookId: params.id }));
  },
  DELETE: async ({ request, context, params }) => {
    await deleteWebhook(context.app.db, await actorFor(request, context.app), params.id);
    return new Response(null, { status: 204 });
  },
});

export const loader = methodNotAllowed("PATCH, DELETE");
