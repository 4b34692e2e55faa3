import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { createApiToken, listApiTokens } from "~/services/api-tokens.server";
import { actorFor } from "~/services/auth.server";

export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse({ tokens: await listApiTokens(context.app.db, await actorFor(request, context.app)) });
});

export const action = apiAction({
  /** {handle, name, expiresAt?} → 201 {token:{id, secret}}: the secret is shown only here. */
  POST: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    const created = await createApiToken(context.app.db, actor, await readJson(request));
    return jsonResponse({ token: { id: created.id, secret: created.token } }, 201);
  },
});
