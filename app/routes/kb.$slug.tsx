import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isbot } from "isbot";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { ArticleStatusBadge, KbTabs } from "~/components/kb";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { ensureVisitor, visitorIdOf } from "~/lib/visitor.server";
import { actorFor } from "~/services/auth.server";
import { rateArticle } from "~/services/knowledge/feedback.server";
import { articlePage } from "~/services/knowledge/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.article.title ?? "Article"} · Knowledge base · Gleaner` }];

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
  const authors = [...new Map(article.sources.filter((s) => s.author).map((s) => [s.author!.id, s.author!])).values()];
  return (
    <div className="stack kb-article-page">
      <KbTabs />
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/kb">Knowledge base</Link>
        {article.category ? <> › <Link to={`/kb?category=${encodeURIComponent(article.category.slug)}`}>{article.category.name}</Link></> : null}
      </nav>
      <article className="card kb-article" aria-labelledby="article-title">
        <header className="kb-article-head">
          <h1 id="article-title" data-testid="article-title">{article.title}</h1>
          <p className="thread-meta">
            {canCurate ? <ArticleStatusBadge status={article.status} /> : null}
            {authors.length ? (
              <span data-testid="article-credits">
                Answer by {authors.map((a, i) => <span key={a.id}>{i > 0 ? ", " : ""}<Link to={`/u/${a.handle}`}>@{a.handle}</Link></span>)}
              </span>
            ) : null}
            {article.publishedAt ? <span className="muted">Published <RelativeTime iso={article.publishedAt} /></span> : null}
            {article.tags.map((t) => <Link key={t} to={`/kb?tag=${encodeURIComponent(t)}`} className="tag">#{t}</Link>)}
          </p>
          {canCurate ? (
            <p className="kb-curator-bar small">
              <Link to={`/kb/curate/${article.id}`}>Curate this article</Link>
              <span className="muted"> · revision {article.revision} · {article.views} {article.views === 1 ? "view" : "views"}</span>
            </p>
          ) : null}
        </header>
        {article.status !== "published" ? (
          <p className="notice notice-warn" role="status">This article is {article.status.replace("_", " ")}: only curators can see it.</p>
        ) : null}
        <div className="prose" data-testid="article-body" dangerouslySetInnerHTML={{ __html: article.html }} />
      </article>

      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Where this answer comes from</h2>
        {article.sources.length === 0 ? (
          <p className="empty">The threads this article was made from are no longer available.</p>
        ) : (
          <ul className="plain-list" data-testid="article-sources">
            {article.sources.map((s) => (
              <li key={s.threadId}>
                <Link to={s.url}>{s.threadTitle}</Link>
                <span className="muted small">{s.author ? ` · accepted answer by @${s.author.handle}` : " · accepted answer"}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card kb-feedback" id="feedback" aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">Was this helpful?</h2>
        <p data-testid="feedback-counts">
          <strong data-testid="helpful-count">{article.helpful}</strong> {article.helpful === 1 ? "person" : "people"} found this helpful
          {" · "}
          <strong data-testid="unhelpful-count">{article.unhelpful}</strong> did not
        </p>
        {thanked && !failure ? <FormMessage tone="success" message="Thank you: your feedback was recorded. You can change it any time." /> : null}
        <FormMessage message={failure?.message} />
        {canRate ? (
          <Form method="post" preventScrollReset className="kb-feedback-form">
            <input type="hidden" name="articleId" value={article.id} />
            <div className="field">
              <label htmlFor="feedback-comment">What was missing or wrong? (optional)</label>
              <textarea id="feedback-comment" name="comment" rows={2} maxLength={1000} defaultValue={failure?.values.comment ?? vote?.comment ?? ""} aria-describedby="feedback-comment-hint" />
              <p className="field-hint" id="feedback-comment-hint">Only the moderators read comments.</p>
            </div>
            <div className="inline-form">
              <button type="submit" name="helpful" value="yes" className={`button button-small${vote?.helpful === true ? "" : " button-ghost"}`} aria-pressed={vote?.helpful === true} disabled={sending}>
                Yes, it helped
              </button>
              <button type="submit" name="helpful" value="no" className={`button button-small${vote?.helpful === false ? "" : " button-ghost"}`} aria-pressed={vote?.helpful === false} disabled={sending}>
                No, it did not
              </button>
              {vote ? <span className="muted small">{`You said ${vote.helpful ? "yes" : "no"}.`}</span> : null}
            </div>
          </Form>
        ) : article.status !== "published" ? (
          <p className="muted">Readers can rate the article once it is published.</p>
        ) : (
          <p className="muted">Your account cannot leave feedback right now.</p>
        )}
      </section>
    </div>
  );
}
