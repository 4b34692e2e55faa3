import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { deleteCannedReply, listCannedReplies, saveCannedReply } from "~/services/moderation/canned-replies.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ cannedReplies: await listCannedReplies(context.app.db, await actorFor(request, context.app)) }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    if (intent === "delete") await deleteCannedReply(context.app.db, actor, id);
    else await saveCannedReply(context.app.db, actor, id ? Number(id) : null, fields);
    return intent === "delete" ? t("mod:canned.deleted") : t("mod:canned.saved");
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: result.value });
}

export default function CannedReplies() {
  const { cannedReplies } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const { t } = useTranslation("mod");
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("canned.title")}</h1>
        <p className="muted">{t("canned.intro")}</p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {cannedReplies.map((c) => (
          <Form method="post" key={c.id} className="canned-form">
            <input type="hidden" name="id" value={c.id} />
            <input name="title" defaultValue={c.title} aria-label={t("canned.titleLabel")} maxLength={100} required />
            <textarea name="body" defaultValue={c.body} aria-label={t("canned.textLabel")} rows={3} maxLength={8000} required />
            <div className="inline-form">
              <button type="submit" name="intent" value="save" className="button button-small">{t("common:actions.save")}</button>
              <button type="submit" name="intent" value="delete" className="button button-small button-danger">{t("common:actions.delete")}</button>
            </div>
          </Form>
        ))}
      </section>
      <section className="card narrow-left">
        <h2>{t("canned.newTitle")}</h2>
        <Form method="post" className="canned-form">
          <input name="title" placeholder={t("canned.titlePlaceholder")} aria-label={t("canned.titleLabel")} maxLength={100} required />
          <textarea name="body" placeholder={t("canned.textPlaceholder")} aria-label={t("canned.textLabel")} rows={4} maxLength={8000} required />
          <button type="submit" name="intent" value="save" className="button">{t("canned.add")}</button>
        </Form>
      </section>
    </div>
  );
}
