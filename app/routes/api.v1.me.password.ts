import { apiAction, methodNotAllowed, readJson } from "~/lib/http.server";
import { changePassword } from "~/services/accounts.server";
import { actorFor, sessionTokenOf } from "~/services/auth.server";

export const action = apiAction({
  /** {currentPassword, newPassword} → 204; every other session of the account ends. */
  PUT: async ({ request, context }) => {
    const { app } = context;
    const actor = await actorFor(request, app);
    await changePassword(app.db, actor, await readJson(request), await sessionTokenOf(request, app));
    return new Response(null, { status: 204 });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PUT");
