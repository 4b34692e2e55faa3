import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getArticle } from "~/services/knowledge/articles.server";
import { editArticle, MAX_ARTICLE_BYTES } from "~/services/knowledge/curation.server";

/** An article is up to 64 KB of Markdown; JSON escaping can nearly double it. */
const ARTICLE_EDIT_BYTES = 2 * MAX_ARTICLE_BYTES + 4096;

/** → {article:{id,slug,title,html,status,sources:[{threadId,postId,author,…}],…}} (by id or slug) */
export const loader = apiLoader(async ({ request, context, params }) => {
  return jsonResponse({ article: await getArticle(context.app.db, await actorFor(request, context.app), params.id) });
});

export const action = apiAction({
  /** {title, body (Markdown), note?, revision?} → 200 {article} (curators; a new revision) */
  PATCH: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    return jsonResponse({ article: await editArticle(context.app, actor, params.id, await readJson(request, ARTICLE_EDIT_BYTES)) });
  },
});
