import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { Field, FormMessage } from "~/components/forms";
import { ArticleStatusBadge, KbTabs, SourceDiff, usePercent } from "~/components/kb";
import { reviewReasonText, revisionNoteText } from "~/components/kb-reasons";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { editArticle, mergeArticle, transitionArticle, TRANSITIONS, type Transition } from "~/services/knowledge/curation.server";
import { curationPage } from "~/services/knowledge/pages.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("kb:curate.title", { title: data?.article.title ?? t("kb:curate.fallbackTitle") })) }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => curationPage(context.app.db, await actorFor(request, context.app), params.id));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { intent, op, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const app = context.app;
  const t = tFor(await localeFor(request, app));
  const result = await formAction(async (): Promise<{ message: string } | { redirectTo: string }> => {
    switch (intent) {
      case "edit": {
        const article = await editArticle(app, actor, params.id, fields);
        return { message: t("kb:curate.saved", { revision: article.revision }) };
      }
      case "transition": {
        if (!op || !(op in TRANSITIONS)) throw new Response("Unknown step", { status: 400 });
        await transitionArticle(app, actor, params.id, op as Transition, fields);
        return { message: t(`kb:curate.done.${op as Transition}`) };
      }
      case "merge": {
        const into = await mergeArticle(app, actor, params.id, fields);
        return { redirectTo: `/kb/curate/${into.id}?merged=${encodeURIComponent(params.id ?? "")}` };
      }
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, intent, values: fields, status: result.status }, result.status);
  if ("redirectTo" in result.value) return redirect(result.value.redirectTo, 303);
  return jsonResponse({ ok: true, intent, message: result.value.message });
}

type ActionData = { ok: true; intent: string; message: string } | { ok: false; intent: string; status: number; message: string; fields: Record<string, string>; values: Record<string, string> };

export default function CurateArticle() {
  const { article, markdown, mergedInto, transitions, editable, mergeable, revisions, similar } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { t } = useTranslation("kb");
  const percent = usePercent();
  const busy = useNavigation().state !== "idle";
  const failed = result && !result.ok ? result : null;
  const editFailure = failed?.intent === "edit" ? failed : null;
  // 409: someone saved a newer revision since this page was loaded.
  const conflict = editFailure?.status === 409;
  const mergedFrom = /^\d{1,10}$/.exec(useSearchParams()[0].get("merged") ?? "")?.[0] ?? null;
  return (
    <div className="stack kb-curate" aria-busy={busy}>
      <KbTabs />
      <nav className="crumbs" aria-label={t("breadcrumb")}>
        <Link to="/kb/curate">{t("queue.title")}</Link> › {t("curate.crumb", { id: article.id })}
      </nav>
      <header className="section-head">
        <h1 data-testid="curate-title">{article.title}</h1>
        <p className="thread-meta">
          <ArticleStatusBadge status={article.status} />
          <span className="muted"><Trans t={t} i18nKey="curate.meta" values={{ revision: article.revision }} components={[<RelativeTime key="at" iso={article.updatedAt} />]} /></span>
          {article.status === "published" ? <Link to={article.url}>{t("curate.openAsReader")}</Link> : null}
        </p>
      </header>
      {result?.ok ? <FormMessage tone="success" message={result.message} /> : null}
      {mergedFrom ? <FormMessage tone="success" message={t("curate.merged", { id: mergedFrom })} /> : null}
      {failed && failed.intent !== "edit" ? <FormMessage message={failed.message} /> : null}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">{t("curate.statusHeading")}</h2>
        {article.reviewReason ? <p className="kb-reason"><Trans t={t} i18nKey="curate.whyReview" components={[<strong key="label" />, <>{reviewReasonText(t, article.reviewReason)}</>]} /></p> : null}
        {article.sourceDiff ? <SourceDiff diff={article.sourceDiff} /> : null}
        {article.rejectedReason ? <p className="kb-reason"><Trans t={t} i18nKey="curate.rejectedReason" components={[<strong key="label" />, <>{article.rejectedReason}</>]} /></p> : null}
        {mergedInto ? <p><Trans t={t} i18nKey="curate.mergedInto" components={[<Link key="into" to={`/kb/curate/${mergedInto.id}`}>{mergedInto.title}</Link>]} /></p> : null}
        {transitions.filter((step) => step !== "reject").length > 0 ? (
          <Form method="post" className="inline-form kb-steps">
            <input type="hidden" name="intent" value="transition" />
            <label htmlFor="step-reason" className="visually-hidden">{t("curate.auditNote")}</label>
            <input id="step-reason" name="reason" maxLength={500} placeholder={t("curate.auditNote")} />
            {transitions.filter((step) => step !== "reject").map((step) => (
              <button key={step} type="submit" name="op" value={step} className={`button button-small${step === "publish" ? "" : " button-ghost"}`}>
                {step === "publish" && article.status === "needs_review" ? t("curate.publishAgain") : t(`curate.steps.${step}`)}
              </button>
            ))}
          </Form>
        ) : null}
        {transitions.includes("reject") ? (
          <Form method="post" className="inline-form kb-steps">
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="op" value="reject" />
            <label htmlFor="reject-reason">{t("curate.rejectBecause")}</label>
            <input id="reject-reason" name="reason" required maxLength={500} placeholder={t("curate.rejectPlaceholder")} defaultValue={failed?.intent === "transition" ? failed.values.reason : undefined} aria-invalid={failed?.fields.reason ? true : undefined} />
            <button type="submit" className="button button-small button-danger">{t("curate.steps.reject")}</button>
          </Form>
        ) : null}
      </section>

      {mergeable ? (
        <section className="card" aria-labelledby="similar-heading" data-testid="similar-articles">
          <h2 id="similar-heading">{t("curate.similarHeading")}</h2>
          {similar.length === 0 ? (
            <p className="empty">{t("curate.noSimilar")}</p>
          ) : (
            <>
              <p className="muted small">{t("curate.mergeAbout")}</p>
              <ul className="plain-list">
                {similar.map((s) => (
                  <li key={s.id} className="kb-similar">
                    <Link to={`/kb/curate/${s.id}`}>{s.title}</Link> <ArticleStatusBadge status={s.status} />
                    {s.nearDuplicate ? <span className="badge badge-danger">{t("curate.nearDuplicate")}</span> : null}
                    <span className="muted small"> {t("curate.similarity", { title: percent(s.titleSimilarity), body: percent(s.bodyOverlap) })}</span>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="merge" />
                      <input type="hidden" name="intoArticleId" value={s.id} />
                      <button type="submit" className="button button-small button-ghost" aria-label={t("curate.mergeIntoLabel", { title: s.title })}>{t("curate.mergeInto")}</button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t("curate.textHeading")}</h2>
        {editable ? (
          <Form method="post" key={article.revision} className="kb-edit-form" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="revision" value={article.revision} />
            {editFailure ? (
              <FormMessage
                message={conflict ? t("curate.conflict", { message: editFailure.message }) : Object.keys(editFailure.fields).length ? null : editFailure.message}
              />
            ) : null}
            <Field label={t("curate.titleLabel")} name="title" defaultValue={editFailure?.values.title ?? article.title} maxLength={200} required error={editFailure?.fields.title} />
            <div className={`field${editFailure?.fields.body ? " field-invalid" : ""}`}>
              <label htmlFor="article-body">{t("curate.bodyLabel")}</label>
              <textarea id="article-body" name="body" rows={16} required defaultValue={editFailure?.values.body ?? markdown} aria-invalid={editFailure?.fields.body ? true : undefined} aria-describedby={editFailure?.fields.body ? "article-body-error" : undefined} />
              {editFailure?.fields.body ? <p className="field-error" id="article-body-error" role="alert">{editFailure.fields.body}</p> : null}
            </div>
            <Field label={t("curate.noteLabel")} name="note" maxLength={300} defaultValue={editFailure?.values.note} error={editFailure?.fields.note} />
            <button type="submit" className="button">{t("curate.save", { revision: article.revision + 1 })}</button>
          </Form>
        ) : (
          <p className="muted">{t("curate.reopenToEdit")}</p>
        )}
        <h3>{t("curate.preview")}</h3>
        <div className="prose kb-preview" data-testid="curate-preview" dangerouslySetInnerHTML={{ __html: article.html }} />
      </section>

      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t("curate.sourcesHeading")}</h2>
        {article.sources.length === 0 ? (
          <p className="empty">{t("curate.noSources")}</p>
        ) : (
          <ul className="plain-list" data-testid="curate-sources">
            {article.sources.map((s) => (
              <li key={s.threadId}>
                <Link to={s.url}>{s.threadTitle}</Link>
                <span className="muted small">
                  {s.author ? ` · ${t("curate.answerBy", { handle: s.author.handle })}` : ""}
                  {s.answerRevision ? ` · ${t("curate.answerRevision", { revision: s.answerRevision })}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="revisions-heading">
        <h2 id="revisions-heading">{t("curate.revisionsHeading")}</h2>
        <ol className="plain-list kb-revisions" data-testid="curate-revisions">
          {revisions.map((r) => (
            <li key={r.revision}>
              <details>
                <summary>
                  <strong>{t("curate.revision", { revision: r.revision })}</strong> <span className="muted small">{`${r.editor === "harvest" ? t("curate.byHarvest") : t("curate.byEditor", { handle: r.editor })} · `}<RelativeTime iso={r.createdAt} />{r.note ? ` · ${t("curate.note", { note: revisionNoteText(t, r.note) })}` : ""}</span>
                </summary>
                <h3>{r.title}</h3>
                <div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
              </details>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
