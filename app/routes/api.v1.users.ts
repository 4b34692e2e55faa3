import { apiAction, jsonResponse, methodNotAllowed, readJson, userAgentOf } from "~/lib/http.server";
import { register, toPublicUser } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const action = apiAction({
  /** Register: 201 with the user and a session cookie; 409 when the handle or email is taken. */
  POST: async ({ request, context }) => {
    const { app } = context;
    await app.limits.consume("register", context.clientIp);
    const actor = await actorFor(request, app);
    const { user, token } = await register(app.db, actor, await readJson(request), userAgentOf(request));
    return jsonResponse(
      { user: toPublicUser(user) },
      { status: 201, headers: { "Set-Cookie": await app.sessionCookie.serialize(token) } },
    );
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
