import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listCannedReplies, saveCannedReply } from "~/services/moderation/canned-replies.server";

export const loader = apiLoader(async ({ request, context }) =>
  jsonResponse({ cannedReplies: await listCannedReplies(context.app.db, await actorFor(request, context.app)) }),
);

export const action = apiAction({
  POST: async ({ request, context }) =>
    jsonResponse({ cannedReply: await saveCannedReply(context.app.db, await actorFor(request, context.app), null, await readJson(request)) }, 201),
});
