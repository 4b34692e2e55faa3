import { apiAction, jsonResponse, methodNotAllowed, readJson, userAgentOf } from "~/lib/http.server";
import { register, toPublicUser } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const action = apiAction({
  /** Register: 201 with the user and a session cookie; 409 when the handle or email is taken. */
  POST: async ({ request, context }) => {
    const { app } = context;
    // Who is asking first (a bad token is a 401, a signed-in user a 403): only a real sign-up spends the budget.
    const actor = await actorFor(request, app);
    ensure(actor, "account.register");
    await app.limits.consume("register", context.clientIp);
    const { user, token } = await register(app.db, actor, await readJson(request), userAgentOf(request));
    return jsonResponse(
      { user: toPublicUser(user) },
      { status: 201, headers: { "Set-Cookie": await app.sessionCookie.serialize(token) } },
    );
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
