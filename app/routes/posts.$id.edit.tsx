import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { metaT, pageTitle } from "~/i18n/registry";
import { forbidden, msg } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { editPost, getPostSource } from "~/services/community/posts.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("community:edit.title")) }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const source = await getPostSource(context.app.db, await actorFor(request, context.app), params.id);
    if (!source.canEdit) throw forbidden(msg("guardian.editOwnPosts"));
    return source;
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    if (actor) await context.app.limits.consume("edit", `user:${actor.id}`);
    return editPost(context.app, actor, params.id, form);
  });
  if (!result.ok) return jsonResponse({ ...result.failure, body: form.body ?? "" }, result.status);
  const { post } = result.value;
  return redirect(`/t/${post.threadId}#post-${post.id}`);
}

export default function EditPost() {
  const source = useLoaderData<typeof loader>();
  const failure = useActionData<{ message: string; fields: Record<string, string>; body: string }>();
  const { t } = useTranslation("community");
  return (
    <section className="card composer-page">
      <h1>{t("edit.title")}</h1>
      <p className="muted">{t("edit.intro")}</p>
      <FormMessage message={failure?.message} />
      <Form method="post">
        <label htmlFor="edit-body" className="visually-hidden">{t("edit.postLabel")}</label>
        <textarea id="edit-body" name="body" rows={12} defaultValue={failure?.body ?? source.markdown} required />
        <div className="composer-actions">
          <Link to={`/t/${source.threadId}#post-${source.id}`}>{t("edit.cancel")}</Link>
          <button type="submit" className="button">{t("edit.save")}</button>
        </div>
      </Form>
    </section>
  );
}
