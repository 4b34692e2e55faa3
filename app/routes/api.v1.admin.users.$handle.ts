import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { updateUser } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const action = apiAction({
  /** {role?, trustLevel?, companyId?} → 200 {user}. */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const user = await updateUser(context.app.db, actor, params.handle ?? "", await readJson(request));
    return jsonResponse({ user });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("PATCH");
