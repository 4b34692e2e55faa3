import { notFound, msg } from "~/lib/errors";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { toPublicUser } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";
import {
  reinstateUser,
  reviewSignup,
  setTrustLevel,
  silenceUser,
  suspendUser,
  warnUser,
} from "~/services/moderation/user-moderation.server";

export const action = apiAction({
  /**
   * suspend {until, reason} (sessions end at once) · reinstate · silence {until, reason} ·
   * warn {message} · trust {level} · review (a new sign-up) → 200 {user}
   */
  POST: async ({ request, context, params }) => {
    const { app } = context;
    const actor = await actorFor(request, app);
    const handle = params.handle ?? "";
    const body = await readJson(request);
    const operations = {
      suspend: () => suspendUser(app.db, actor, handle, body),
      reinstate: () => reinstateUser(app.db, actor, handle),
      silence: () => silenceUser(app.db, actor, handle, body),
      warn: () => warnUser(app, actor, handle, body),
      trust: () => setTrustLevel(app.db, actor, handle, body),
      review: () => reviewSignup(app.db, actor, handle),
    };
    // Own keys only: "constructor" or "__proto__" in the URL must not reach Object.prototype.
    const op = params.op ?? "";
    if (!Object.hasOwn(operations, op)) throw notFound(msg("account.unknownAction", { op }));
    const run = operations[op as keyof typeof operations];
    const user = await run();
    return jsonResponse({
      user: {
        ...toPublicUser(user),
        suspendedUntil: user.suspended_until?.toISOString() ?? null,
        suspensionReason: user.suspension_reason,
        silencedUntil: user.silenced_until?.toISOString() ?? null,
      },
    });
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
