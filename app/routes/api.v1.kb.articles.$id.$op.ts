import { notFound, msg } from "~/lib/errors";
import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { idSchema, parseInput } from "~/lib/validation";
import { ensureVisitor } from "~/lib/visitor.server";
import { actorFor } from "~/services/auth.server";
import { editArticle, listArticleRevisions, MAX_ARTICLE_BYTES, mergeArticle, transitionArticle, TRANSITIONS, type Transition } from "~/services/knowledge/curation.server";
import { rateArticle } from "~/services/knowledge/feedback.server";
import { similarArticles } from "~/services/knowledge/similar.server";

/** similar → {similar:[…]} · revisions → {revisions:[…]} (curators) */
export const loader = apiLoader(async ({ request, context, params }) => {
  const actor = await actorFor(request, context.app);
  if (params.op === "similar") return jsonResponse({ similar: await similarArticles(context.app.db, actor, params.id) });
  if (params.op === "revisions") return jsonResponse({ revisions: await listArticleRevisions(context.app.db, actor, params.id) });
  throw notFound(msg("article.unknownView", { op: String(params.op) }));
});

export const action = apiAction({
  /**
   * publish · submit · archive · reject {reason} · reopen → 200 {article} (curators)
   * merge {intoArticleId} → 200 {article} (the one that took it in)
   * feedback {helpful, comment?} → 200 {helpful, unhelpful, yours} (anyone, on published articles)
   */
  POST: async ({ request, context, params }) => {
    const actor = await actorFor(request, context.app);
    const op = params.op ?? "";
    if (op in TRANSITIONS) return jsonResponse({ article: await transitionArticle(context.app, actor, params.id, op as Transition, await readJson(request)) });
    if (op === "merge") return jsonResponse({ article: await mergeArticle(context.app, actor, params.id, await readJson(request)) });
    if (op === "edit") return jsonResponse({ article: await editArticle(context.app, actor, params.id, await readJson(request, 2 * MAX_ARTICLE_BYTES + 4096)) });
    if (op === "feedback") {
      await context.app.limits.consume("feedback", context.clientIp);
      const id = parseInput(idSchema, params.id);
      const { visitorId, setCookie } = ensureVisitor(request, context.app);
      const totals = await rateArticle(context.app.db, actor, id, visitorId, await readJson(request));
      return jsonResponse(totals, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
    }
    throw notFound(msg("article.unknownAction", { op }));
  },
});
