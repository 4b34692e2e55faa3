import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listAudit } from "~/services/moderation/audit.server";

/** ?action=&actor=&targetType=&targetId=&before=<id> */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listAudit(context.app.db, await actorFor(request, context.app), params));
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
