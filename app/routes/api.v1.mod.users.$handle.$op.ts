import { notFound } from "~/lib/errors";
import { apiAction, jsonResponse, readJson } from "~/lib/http.server";
import { reinstateUser, suspendUser, toPublicUser } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const action = apiAction({
  /** suspend {until, reason} ends every session of the user at once; reinstate lifts it. */
  POST: async ({ request, context, params }) => {
    const { db } = context.app;
    const actor = await actorFor(request, context.app);
    const handle = params.handle ?? "";
    let user;
    if (params.op === "suspend") user = await suspendUser(db, actor, handle, await readJson(request));
    else if (params.op === "reinstate") user = await reinstateUser(db, actor, handle);
    else throw notFound(`Unknown user action "${params.op}".`);
    return jsonResponse({
      user: { ...toPublicUser(user), suspendedUntil: user.suspended_until?.toISOString() ?? null, suspensionReason: user.suspension_reason },
    });
  },
});
