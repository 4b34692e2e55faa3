import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { editPost, getPostSource } from "~/services/community/posts.server";

/** The post's Markdown source (for editing and quoting). */
export const loader = apiLoader(async ({ request, context, params }) =>
  jsonResponse({ post: await getPostSource(context.app.db, await actorFor(request, context.app), params.id) }),
);

export const action = apiAction({
  /** {body, title?} → 200 {post}: a new revision; title only on the opening post. */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    if (actor) await context.app.limits.consume("edit", `user:${actor.id}`);
    return jsonResponse(await editPost(context.app, actor, params.id, await readJson(request)));
  },
});
