import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listNotifications, markNotificationsRead } from "~/services/notifications.server";

/** ?before=<id> pages back through older notifications. */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listNotifications(context.app.db, await actorFor(request, context.app), params));
});

export const action = apiAction({
  /** {ids:[…]} or {all:true} → {unread} */
  POST: async ({ request, context }) => {
    const unread = await markNotificationsRead(context.app.db, await actorFor(request, context.app), await readJson(request));
    return jsonResponse({ unread });
  },
});
