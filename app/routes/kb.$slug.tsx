import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isbot } from "isbot";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { ArticleStatusBadge, KbTabs } from "~/components/kb";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { ensureVisitor, visitorIdOf } from "~/lib/visitor.server";
import { actorFor } from "~/services/auth.server";
import { rateArticle } from "~/services/knowledge/feedback.server";
import { articlePage } from "~/services/knowledge/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(data?.article.title ?? t("kb:article.fallbackTitle"), t("kb:index.title")) }];
};

/** After a vote the page is shown again with ?feedback=: that reload is not another view. */
const FEEDBACK_PARAM = "feedback";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const url = new URL(request.url);
    const userAgent = request.headers.get("User-Agent") ?? "";
    const page = await articlePage(context.app.db, await actorFor(request, context.app), params.slug, {
      visitorId: visitorIdOf(request),
      // People, not crawlers or scripts (which often send no User-Agent at all).
      countView: request.method === "GET" && userAgent !== "" && !isbot(userAgent) && !url.searchParams.has(FEEDBACK_PARAM),
    });
    if ("redirectTo" in page) throw redirect(page.redirectTo + url.search, 301);
    return { ...page, thanked: url.searchParams.has(FEEDBACK_PARAM) };
  });
}

/** "Was this helpful?": a plain form post, so it works without JavaScript; anonymous readers get a visitor cookie. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const app = context.app;
  const result = await formAction(async () => {
    await app.limits.consume("feedback", context.clientIp);
    const articleId = parseInput(idSchema, form.articleId);
    const visitor = ensureVisitor(request, app);
    const totals = await rateArticle(app.db, actor, articleId, visitor.visitorId, form);
    return { totals, setCookie: visitor.setCookie };
  });
  if (!result.ok) return jsonResponse({ ...result.failure, values: form }, result.status);
  // Post, then redirect: a reload does not send the vote again, and the page shows the new counts.
  const headers = result.value.setCookie ? { "Set-Cookie": result.value.setCookie } : undefined;
  return redirect(`/kb/${encodeURIComponent(params.slug ?? "")}?${FEEDBACK_PARAM}=${result.value.totals.yours ? "yes" : "no"}#feedback`, { status: 303, headers });
}

type Failure = { message: string; fields: Record<string, string>; values: Record<string, string> };

export default function ArticlePage() {
  const { article, vote, canRate, canCurate, thanked } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const sending = useNavigation().state === "submitting";
  const { t } = useTranslation("kb");
  const authors = [...new Map(article.sources.filter((s) => s.author).map((s) => [s.author!.id, s.author!])).values()];
  return (
    <div className="stack kb-article-page">
      <KbTabs />
      <nav className="crumbs" aria-label={t("breadcrumb")}>
        <Link to="/kb">{t("index.title")}</Link>
        {article.category ? <> › <Link to={`/kb?category=${encodeURIComponent(article.category.slug)}`}>{article.category.name}</Link></> : null}
      </nav>
      <article className="card kb-article" aria-labelledby="article-title">
        <header className="kb-article-head">
          <h1 id="article-title" data-testid="article-title">{article.title}</h1>
          <p className="thread-meta">
            {canCurate ? <ArticleStatusBadge status={article.status} /> : null}
            {authors.length ? (
              <span data-testid="article-credits">
                <Trans t={t} i18nKey="article.answerBy" components={[<>{authors.map((a, i) => <span key={a.id}>{i > 0 ? ", " : ""}<Link to={`/u/${a.handle}`}>{`@${a.handle}`}</Link></span>)}</>]} />
              </span>
            ) : null}
            {article.publishedAt ? <span className="muted"><Trans t={t} i18nKey="article.published" components={[<RelativeTime key="at" iso={article.publishedAt} />]} /></span> : null}
            {article.tags.map((tag) => <Link key={tag} to={`/kb?tag=${encodeURIComponent(tag)}`} className="tag">#{tag}</Link>)}
          </p>
          {canCurate ? (
            <p className="kb-curator-bar small">
              <Link to={`/kb/curate/${article.id}`}>{t("article.curate")}</Link>
              <span className="muted"> · {t("article.curatorStats", { revision: article.revision, count: article.views })}</span>
            </p>
          ) : null}
        </header>
        {article.status !== "published" ? (
          <p className="notice notice-warn" role="status">{t(`article.hidden.${article.status as "draft" | "in_review" | "needs_review" | "archived" | "rejected"}`)}</p>
        ) : null}
        <div className="prose" data-testid="article-body" dangerouslySetInnerHTML={{ __html: article.html }} />
      </article>

      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t("article.sourcesHeading")}</h2>
        {article.sources.length === 0 ? (
          <p className="empty">{t("article.sourcesGone")}</p>
        ) : (
          <ul className="plain-list" data-testid="article-sources">
            {article.sources.map((s) => (
              <li key={s.threadId}>
                <Link to={s.url}>{s.threadTitle}</Link>
                <span className="muted small">{` · ${s.author ? t("article.acceptedBy", { handle: s.author.handle }) : t("article.accepted")}`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card kb-feedback" id="feedback" aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">{t("article.feedbackHeading")}</h2>
        <p data-testid="feedback-counts">
          <Trans t={t} i18nKey="article.helpfulCount" count={article.helpful} components={[<strong key="n" data-testid="helpful-count" />]} />
          {" · "}
          <Trans t={t} i18nKey="article.unhelpfulCount" count={article.unhelpful} components={[<strong key="n" data-testid="unhelpful-count" />]} />
        </p>
        {thanked && !failure ? <FormMessage tone="success" message={t("article.thanks")} /> : null}
        <FormMessage message={failure?.message} />
        {canRate ? (
          <Form method="post" preventScrollReset className="kb-feedback-form">
            <input type="hidden" name="articleId" value={article.id} />
            <div className="field">
              <label htmlFor="feedback-comment">{t("article.commentLabel")}</label>
              <textarea id="feedback-comment" name="comment" rows={2} maxLength={1000} defaultValue={failure?.values.comment ?? vote?.comment ?? ""} aria-describedby="feedback-comment-hint" />
              <p className="field-hint" id="feedback-comment-hint">{t("article.commentHint")}</p>
            </div>
            <div className="inline-form">
              <button type="submit" name="helpful" value="yes" className={`button button-small${vote?.helpful === true ? "" : " button-ghost"}`} aria-pressed={vote?.helpful === true} disabled={sending}>
                {t("article.yes")}
              </button>
              <button type="submit" name="helpful" value="no" className={`button button-small${vote?.helpful === false ? "" : " button-ghost"}`} aria-pressed={vote?.helpful === false} disabled={sending}>
                {t("article.no")}
              </button>
              {vote ? <span className="muted small">{vote.helpful ? t("article.youSaidYes") : t("article.youSaidNo")}</span> : null}
            </div>
          </Form>
        ) : article.status !== "published" ? (
          <p className="muted">{t("article.rateWhenPublished")}</p>
        ) : (
          <p className="muted">{t("article.cannotRate")}</p>
        )}
      </section>
    </div>
  );
}
