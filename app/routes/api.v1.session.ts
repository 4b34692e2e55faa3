import { apiAction, jsonResponse, methodNotAllowed, readJson, userAgentOf } from "~/lib/http.server";
import { logInWithLimits, toPublicUser } from "~/services/accounts.server";
import { actorFor, sessionTokenOf } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { endSession } from "~/services/sessions.server";

export const action = apiAction({
  /** Log in: 200 with the user and a session cookie; 401 alike for wrong password and unknown handle. */
  POST: async ({ request, context }) => {
    const { app } = context;
    const { user, token } = await logInWithLimits(app, await readJson(request), { ip: context.clientIp, userAgent: userAgentOf(request) });
    return jsonResponse(
      { user: toPublicUser(user) },
      { headers: { "Set-Cookie": await app.sessionCookie.serialize(token) } },
    );
  },

  DELETE: async ({ request, context }) => {
    const { app } = context;
    ensure(await actorFor(request, app), "session.end");
    const token = await sessionTokenOf(request, app);
    if (token) await endSession(app.db, token);
    return new Response(null, {
      status: 204,
      headers: { "Set-Cookie": await app.sessionCookie.serialize("", { maxAge: 0 }) },
    });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST, DELETE");
