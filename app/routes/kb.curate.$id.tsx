import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { Field, FormMessage } from "~/components/forms";
import { ArticleStatusBadge, KbTabs, percent, SourceDiff } from "~/components/kb";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { editArticle, mergeArticle, transitionArticle, TRANSITIONS, type Transition } from "~/services/knowledge/curation.server";
import { curationPage } from "~/services/knowledge/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Curate: ${data?.article.title ?? "article"} · Gleaner` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => curationPage(context.app.db, await actorFor(request, context.app), params.id));
}

const DONE: Record<Transition, string> = {
  submit: "Submitted for review.",
  publish: "Published: readers can find it in the knowledge base now.",
  archive: "Archived: readers no longer see it.",
  reject: "Rejected.",
  reopen: "Reopened as a draft.",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { intent, op, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const app = context.app;
  const result = await formAction(async (): Promise<{ message: string } | { redirectTo: string }> => {
    switch (intent) {
      case "edit": {
        const article = await editArticle(app, actor, params.id, fields);
        return { message: `Saved as revision ${article.revision}.` };
      }
      case "transition": {
        if (!op || !(op in TRANSITIONS)) throw new Response("Unknown step", { status: 400 });
        await transitionArticle(app, actor, params.id, op as Transition, fields);
        return { message: DONE[op as Transition] };
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

const STEP_LABELS: Record<Transition, string> = {
  submit: "Submit for review",
  publish: "Publish",
  archive: "Archive",
  reject: "Reject",
  reopen: "Reopen as draft",
};

export default function CurateArticle() {
  const { article, markdown, mergedInto, transitions, editable, mergeable, revisions, similar } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  const failed = result && !result.ok ? result : null;
  const editFailure = failed?.intent === "edit" ? failed : null;
  // 409: someone saved a newer revision since this page was loaded.
  const conflict = editFailure?.status === 409;
  const mergedFrom = /^\d{1,10}$/.exec(useSearchParams()[0].get("merged") ?? "")?.[0] ?? null;
  return (
    <div className="stack kb-curate" aria-busy={busy}>
      <KbTabs />
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/kb/curate">Curation queue</Link> › article #{article.id}
      </nav>
      <header className="section-head">
        <h1 data-testid="curate-title">{article.title}</h1>
        <p className="thread-meta">
          <ArticleStatusBadge status={article.status} />
          <span className="muted">revision {article.revision} · updated <RelativeTime iso={article.updatedAt} /></span>
          {article.status === "published" ? <Link to={article.url}>Open as readers see it</Link> : null}
        </p>
      </header>
      {result?.ok ? <FormMessage tone="success" message={result.message} /> : null}
      {mergedFrom ? <FormMessage tone="success" message={`Article #${mergedFrom} was merged into this one: its sources are listed below.`} /> : null}
      {failed && failed.intent !== "edit" ? <FormMessage message={failed.message} /> : null}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        {article.reviewReason ? <p className="kb-reason"><strong>Why it needs review:</strong> {article.reviewReason}</p> : null}
        {article.sourceDiff ? <SourceDiff diff={article.sourceDiff} /> : null}
        {article.rejectedReason ? <p className="kb-reason"><strong>Rejected:</strong> {article.rejectedReason}</p> : null}
        {mergedInto ? <p>Merged into <Link to={`/kb/curate/${mergedInto.id}`}>{mergedInto.title}</Link>.</p> : null}
        {transitions.filter((t) => t !== "reject").length > 0 ? (
          <Form method="post" className="inline-form kb-steps">
            <input type="hidden" name="intent" value="transition" />
            <label htmlFor="step-reason" className="visually-hidden">Note for the audit log (optional)</label>
            <input id="step-reason" name="reason" maxLength={500} placeholder="Note for the audit log (optional)" />
            {transitions.filter((t) => t !== "reject").map((t) => (
              <button key={t} type="submit" name="op" value={t} className={`button button-small${t === "publish" ? "" : " button-ghost"}`}>
                {t === "publish" && article.status === "needs_review" ? "Publish again" : STEP_LABELS[t]}
              </button>
            ))}
          </Form>
        ) : null}
        {transitions.includes("reject") ? (
          <Form method="post" className="inline-form kb-steps">
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="op" value="reject" />
            <label htmlFor="reject-reason">Reject because</label>
            <input id="reject-reason" name="reason" required maxLength={500} placeholder="e.g. the answer is a workaround for a bug since fixed" defaultValue={failed?.intent === "transition" ? failed.values.reason : undefined} aria-invalid={failed?.fields.reason ? true : undefined} />
            <button type="submit" className="button button-small button-danger">Reject</button>
          </Form>
        ) : null}
      </section>

      {mergeable ? (
        <section className="card" aria-labelledby="similar-heading" data-testid="similar-articles">
          <h2 id="similar-heading">Before publishing: existing articles on the same topic</h2>
          {similar.length === 0 ? (
            <p className="empty">No existing article looks like this one.</p>
          ) : (
            <>
              <p className="muted small">One topic should have one article. Merging keeps the other article's text and adds this one's sources to it; this one is archived.</p>
              <ul className="plain-list">
                {similar.map((s) => (
                  <li key={s.id} className="kb-similar">
                    <Link to={`/kb/curate/${s.id}`}>{s.title}</Link> <ArticleStatusBadge status={s.status} />
                    {s.nearDuplicate ? <span className="badge badge-danger">near duplicate</span> : null}
                    <span className="muted small"> title {percent(s.titleSimilarity)} alike · body {percent(s.bodyOverlap)} shared</span>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="merge" />
                      <input type="hidden" name="intoArticleId" value={s.id} />
                      <button type="submit" className="button button-small button-ghost" aria-label={`Merge into “${s.title}”`}>Merge into this one</button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Text</h2>
        {editable ? (
          <Form method="post" key={article.revision} className="kb-edit-form" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="revision" value={article.revision} />
            {editFailure ? (
              <FormMessage
                message={conflict ? `${editFailure.message} Your text is kept below; the current version is the newest under Revisions. Save again to replace it.` : Object.keys(editFailure.fields).length ? null : editFailure.message}
              />
            ) : null}
            <Field label="Title" name="title" defaultValue={editFailure?.values.title ?? article.title} maxLength={200} required error={editFailure?.fields.title} />
            <div className={`field${editFailure?.fields.body ? " field-invalid" : ""}`}>
              <label htmlFor="article-body">Article (Markdown)</label>
              <textarea id="article-body" name="body" rows={16} required defaultValue={editFailure?.values.body ?? markdown} aria-invalid={editFailure?.fields.body ? true : undefined} aria-describedby={editFailure?.fields.body ? "article-body-error" : undefined} />
              {editFailure?.fields.body ? <p className="field-error" id="article-body-error" role="alert">{editFailure.fields.body}</p> : null}
            </div>
            <Field label="What did you change? (optional)" name="note" maxLength={300} defaultValue={editFailure?.values.note} error={editFailure?.fields.note} />
            <button type="submit" className="button">Save revision {article.revision + 1}</button>
          </Form>
        ) : (
          <p className="muted">Reopen the article to edit it.</p>
        )}
        <h3>As readers see it</h3>
        <div className="prose kb-preview" data-testid="curate-preview" dangerouslySetInnerHTML={{ __html: article.html }} />
      </section>

      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        {article.sources.length === 0 ? (
          <p className="empty">No source thread is left.</p>
        ) : (
          <ul className="plain-list" data-testid="curate-sources">
            {article.sources.map((s) => (
              <li key={s.threadId}>
                <Link to={s.url}>{s.threadTitle}</Link>
                <span className="muted small">
                  {s.author ? ` · answer by @${s.author.handle}` : ""}
                  {s.answerRevision ? ` · answer revision ${s.answerRevision}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="revisions-heading">
        <h2 id="revisions-heading">Revisions</h2>
        <ol className="plain-list kb-revisions" data-testid="curate-revisions">
          {revisions.map((r) => (
            <li key={r.revision}>
              <details>
                <summary>
                  <strong>{`Revision ${r.revision}`}</strong> <span className="muted small">{`by ${r.editor === "harvest" ? "the harvest" : `@${r.editor}`} · `}<RelativeTime iso={r.createdAt} />{r.note ? ` · “${r.note}”` : ""}</span>
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
