import { z } from "zod";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { deleteWebhook, listDeliveries, setWebhookActive } from "~/services/webhooks/webhooks.server";

export const action = apiAction({
  /** {active} → 200 {deliveries} */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const { active } = parseInput(z.object({ active: z.boolean({ required_error: "active is required", invalid_type_error: "active must be true or false" }) }), await readJson(request));
    await setWebhookActive(context.app.db, actor, params.id, active);
    return jsonResponse(await listDeliveries(context.app.db, actor, { webhookId: params.id }));
  },
  DELETE: async ({ request, context, params }) => {
    await deleteWebhook(context.app.db, await actorFor(request, context.app), params.id);
    return new Response(null, { status: 204 });
  },
});

export const loader = methodNotAllowed("PATCH, DELETE");
