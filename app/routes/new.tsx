import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { metaT, pageTitle } from "~/i18n/registry";
import { FORM_IDEMPOTENCY_FIELD, formAction, formToObject, jsonResponse, onceForForm, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { createThread } from "~/services/community/threads.server";
import { ensure } from "~/services/guardian";
import { questionPosted } from "~/services/knowledge/deflection.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("community:new.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    ensure(actor, "thread.create");
    const categories = await listCategories(context.app.db, actor);
    const wanted = Number(new URL(request.url).searchParams.get("category"));
    return {
      categories,
      selected: categories.find((c) => c.id === wanted)?.id ?? categories[0]?.id ?? null,
      // Submitting this form twice (a double click, a resend) creates one thread.
      formKey: randomUUID(),
    };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() =>
    onceForForm(request, context, form, async () => {
      if (actor) await context.app.limits.consume("post", `user:${actor.id}`);
      const created = await createThread(context.app, actor, form);
      // A suggestion opened from this form did not answer the question after all.
      await questionPosted(context.app.db, form[FORM_IDEMPOTENCY_FIELD], created.thread.id);
      return created;
    }),
  );
  if (!result.ok) return jsonResponse({ ...result.failure, values: form }, result.status);
  return redirect(result.value.thread.url);
}

const KINDS = new Set(["question", "discussion", "idea"]);

type Failure = { message: string; fields: Record<string, string>; values: Record<string, string> };
type Suggestions = {
  threads: { id: number; title: string; url: string; solved: boolean; postCount: number }[];
  articles: { id: number; title: string; url: string }[];
};

/** Knowledge-base articles and similar threads while the title is typed: the answer may already exist. */
function useSuggestions(title: string): Suggestions {
  const fetcher = useFetcher<Suggestions>();
  const { load } = fetcher;
  useEffect(() => {
    if (title.trim().length < 3) return;
    const timer = setTimeout(() => load(`/api/v1/search/similar?title=${encodeURIComponent(title)}`), 250);
    return () => clearTimeout(timer);
  }, [title, load]);
  if (title.trim().length < 3 || !fetcher.data) return { threads: [], articles: [] };
  return { threads: fetcher.data.threads ?? [], articles: fetcher.data.articles ?? [] };
}

/**
 * Tells the server a suggestion was opened from this form (see services/knowledge/deflection):
 * a beacon, which outlives the page should the link replace it, and never delays the link.
 */
function recordOpened(formKey: string, target: { articleId: number } | { threadId: number }): void {
  const url = "/api/v1/kb/deflections";
  // A string is sent as text/plain, which every browser's beacon accepts; the API reads it as JSON.
  const body = JSON.stringify({ formKey, ...target });
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    // fall through to fetch
  }
  void fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin", headers: { "Content-Type": "application/json" } }).catch(() => undefined);
}

export default function NewThread() {
  const { categories, selected, formKey: renderedKey } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const { t } = useTranslation("community");
  // The key of this attempt to ask survives a refused submission: it ties opened suggestions to
  // the question if it is posted after all, and keeps a retry from posting twice.
  const formKey = failure?.values[FORM_IDEMPOTENCY_FIELD] || renderedKey;
  const busy = useNavigation().state === "submitting";
  const [categoryId, setCategoryId] = useState(String(failure?.values.categoryId ?? selected ?? ""));
  const [title, setTitle] = useState(failure?.values.title ?? "");
  const category = categories.find((c) => String(c.id) === categoryId) ?? categories[0];
  const suggestions = useSuggestions(title);
  const opened = (target: { articleId: number } | { threadId: number }) => ({
    onClick: () => recordOpened(formKey, target),
    onAuxClick: (e: { button: number }) => e.button === 1 && recordOpened(formKey, target),
  });

  return (
    <section className="card composer-page">
      <h1>{t("new.heading")}</h1>
      <FormMessage message={failure && Object.keys(failure.fields).length === 0 ? failure.message : null} />
      <Form method="post" noValidate>
        <input type="hidden" name={FORM_IDEMPOTENCY_FIELD} value={formKey} />
        <div className="form-row">
          <div className="field">
            <label htmlFor="new-category">{t("new.category")}</label>
            <select id="new-category" name="categoryId" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-kind">{t("new.kind")}</label>
            <select id="new-kind" name="kind" defaultValue={failure?.values.kind} key={categoryId}>
              {(category?.kinds ?? ["question"]).map((k) => <option key={k} value={k}>{KINDS.has(k) ? t(`new.kinds.${k}`) : k}</option>)}
            </select>
            {failure?.fields.kind ? <p className="field-error" role="alert">{failure.fields.kind}</p> : null}
          </div>
        </div>
        <Field label={t("new.titleLabel")} name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoComplete="off" error={failure?.fields.title} hint={t("new.titleHint")} />
        <noscript>
          <p className="field-hint">
            <Trans t={t} i18nKey="new.lookFirst" components={[<a key="kb" href="/kb" />, <a key="search" href="/search" />]} />
          </p>
        </noscript>
        {suggestions.articles.length + suggestions.threads.length > 0 ? (
          <aside className="similar" aria-live="polite" aria-label={t("new.existingAnswers")} data-testid="similar-threads">
            <p className="muted small">{t("new.mayAnswer")}</p>
            <ul>
              {suggestions.articles.map((a) => (
                <li key={`article-${a.id}`} data-testid="suggested-article">
                  <span className="badge badge-solved">{t("new.article")}</span>{" "}
                  <a href={a.url} target="_blank" rel="noopener" {...opened({ articleId: a.id })}>{a.title}</a>
                </li>
              ))}
              {suggestions.threads.map((s) => (
                <li key={`thread-${s.id}`}>
                  <a href={s.url} target="_blank" rel="noopener" {...opened({ threadId: s.id })}>{s.title}</a> {s.solved ? <span className="badge badge-solved">{t("new.solved")}</span> : null}
                </li>
              ))}
            </ul>
          </aside>
        ) : null}
        <div className={`field${failure?.fields.body ? " field-invalid" : ""}`}>
          <label htmlFor="new-body">{t("new.details")}</label>
          <textarea id="new-body" name="body" rows={10} defaultValue={failure?.values.body} required placeholder={t("new.detailsPlaceholder")} />
          {failure?.fields.body ? <p className="field-error" role="alert">{failure.fields.body}</p> : null}
        </div>
        <Field label={t("new.tags")} name="tags" defaultValue={failure?.values.tags} placeholder={t("new.tagsPlaceholder")} error={failure?.fields.tags} hint={t("new.tagsHint")} />
        <button type="submit" className="button" disabled={busy}>{busy ? t("new.posting") : t("new.post")}</button>
      </Form>
    </section>
  );
}
