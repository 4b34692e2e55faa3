import { notFound, msg } from "~/lib/errors";
import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import {
  markDuplicate,
  mergeThread,
  moveThread,
  splitThread,
  switchThread,
  THREAD_SWITCHES,
  type ThreadSwitch,
} from "~/services/moderation/thread-moderation.server";

export const action = apiAction({
  /**
   * lock · unlock · close · reopen · pin · unpin · hide · unhide {reason?} ·
   * move {categoryId} · merge {intoThreadId} · split {postIds, title} · duplicate {ofThreadId}
   */
  POST: async ({ request, context, params }) => {
    const { app } = context;
    const actor = await actorFor(request, app);
    const body = await readJson(request);
    const op = params.op ?? "";
    if (THREAD_SWITCHES.includes(op as ThreadSwitch)) return jsonResponse(await switchThread(app, actor, params.id, op as ThreadSwitch, body));
    switch (op) {
      case "move":
        return jsonResponse(await moveThread(app, actor, params.id, body));
      case "merge":
        return jsonResponse(await mergeThread(app, actor, params.id, body));
      case "split":
        return jsonResponse(await splitThread(app, actor, params.id, body), 201);
      case "duplicate":
        return jsonResponse(await markDuplicate(app, actor, params.id, body));
      default:
        throw notFound(msg("thread.unknownAction", { op }));
    }
  },
});

/** Reads are not served here. */
export const loader = methodNotAllowed("POST");
