import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Field, FormMessage } from "~/components/forms";
import { FORM_IDEMPOTENCY_FIELD, formAction, formToObject, jsonResponse, onceForForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { createThread } from "~/services/community/threads.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = () => [{ title: "New thread · Gleaner" }];

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
  const form = formToObject(await request.formData());
  const actor = await actorFor(request, context.app);
  const result = await formAction(() =>
    onceForForm(request, context, form, async () => {
      if (actor) await context.app.limits.consume("post", `user:${actor.id}`);
      return createThread(context.app, actor, form);
    }),
  );
  if (!result.ok) return jsonResponse({ ...result.failure, values: form }, result.status);
  return redirect(result.value.thread.url);
}

type Failure = { message: string; fields: Record<string, string>; values: Record<string, string> };
type Similar = { threads: { id: number; title: string; url: string; solved: boolean; postCount: number }[] };

/** Similar threads while the title is typed: the answer may already exist. */
function useSimilarThreads(title: string) {
  const fetcher = useFetcher<Similar>();
  const { load } = fetcher;
  useEffect(() => {
    if (title.trim().length < 3) return;
    const timer = setTimeout(() => load(`/api/v1/search/similar?title=${encodeURIComponent(title)}`), 250);
    return () => clearTimeout(timer);
  }, [title, load]);
  return title.trim().length >= 3 ? (fetcher.data?.threads ?? []) : [];
}

export default function NewThread() {
  const { categories, selected, formKey } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const busy = useNavigation().state === "submitting";
  const [categoryId, setCategoryId] = useState(String(failure?.values.categoryId ?? selected ?? ""));
  const [title, setTitle] = useState(failure?.values.title ?? "");
  const category = categories.find((c) => String(c.id) === categoryId) ?? categories[0];
  const similar = useSimilarThreads(title);

  return (
    <section className="card composer-page">
      <h1>Start a thread</h1>
      <FormMessage message={failure && Object.keys(failure.fields).length === 0 ? failure.message : null} />
      <Form method="post" noValidate>
        <input type="hidden" name={FORM_IDEMPOTENCY_FIELD} value={formKey} />
        <div className="form-row">
          <div className="field">
            <label htmlFor="new-category">Category</label>
            <select id="new-category" name="categoryId" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-kind">Kind</label>
            <select id="new-kind" name="kind" defaultValue={failure?.values.kind} key={categoryId}>
              {(category?.kinds ?? ["question"]).map((k) => <option key={k} value={k}>{k === "idea" ? "Idea / feature request" : k[0]!.toUpperCase() + k.slice(1)}</option>)}
            </select>
            {failure?.fields.kind ? <p className="field-error" role="alert">{failure.fields.kind}</p> : null}
          </div>
        </div>
        <Field label="Title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoComplete="off" error={failure?.fields.title} hint="A specific question gets a specific answer." />
        {similar.length > 0 ? (
          <aside className="similar" aria-live="polite" data-testid="similar-threads">
            <p className="muted small">These may already answer it:</p>
            <ul>
              {similar.map((s) => (
                <li key={s.id}>
                  <Link to={s.url} target="_blank" rel="noopener">{s.title}</Link> {s.solved ? <span className="badge badge-solved">✓ solved</span> : null}
                </li>
              ))}
            </ul>
          </aside>
        ) : null}
        <div className={`field${failure?.fields.body ? " field-invalid" : ""}`}>
          <label htmlFor="new-body">Details</label>
          <textarea id="new-body" name="body" rows={10} defaultValue={failure?.values.body} required placeholder="What are you trying to do, what did you try, what happened? Markdown works." />
          {failure?.fields.body ? <p className="field-error" role="alert">{failure.fields.body}</p> : null}
        </div>
        <Field label="Tags (optional)" name="tags" defaultValue={failure?.values.tags} placeholder="billing, sso" error={failure?.fields.tags} hint="Up to five, separated by commas." />
        <button type="submit" className="button" disabled={busy}>{busy ? "Posting…" : "Post thread"}</button>
      </Form>
    </section>
  );
}
