import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { tFor } from "~/i18n/i18n.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/services/api-tokens.server";
import { actorFor } from "~/services/auth.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const tokens = await listApiTokens(context.app.db, await actorFor(request, context.app));
    return { tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    if (intent === "revoke") {
      await revokeApiToken(context.app.db, actor, parseInput(idSchema, id));
      return { message: t("admin:tokens.revoked"), token: null };
    }
    const created = await createApiToken(context.app.db, actor, fields);
    return { message: t("admin:tokens.created"), token: created.token };
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, ...result.value });
}

export default function AdminTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; token?: string | null; fields?: Record<string, string> }>();
  const { t } = useTranslation("admin");
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("tokens.title")}</h1>
        <p className="muted">
          <Trans t={t} i18nKey="tokens.intro" components={{ code: <code>Authorization: Bearer &lt;token&gt;</code> }} />
        </p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {result?.token ? <pre className="secret" data-testid="new-token">{result.token}</pre> : null}
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t("tokens.name")}</th><th>{t("tokens.user")}</th><th>{t("tokens.token")}</th><th>{t("tokens.lastUsed")}</th><th>{t("tokens.status")}</th><th /></tr></thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>@{token.user.handle}</td>
                  <td><code>{token.prefix}…</code></td>
                  <td>{token.lastUsedAt?.slice(0, 16).replace("T", " ") ?? t("tokens.never")}</td>
                  <td>{t(`tokens.statuses.${token.revokedAt ? "revoked" : token.expiresAt && new Date(token.expiresAt) < new Date() ? "expired" : "active"}`)}</td>
                  <td>
                    {token.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" name="intent" value="revoke" className="button button-small button-danger">{t("tokens.revoke")}</button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card narrow-left">
        <h2>{t("tokens.create")}</h2>
        <Form method="post" noValidate>
          <Field label={t("tokens.handle")} name="handle" required error={result?.fields?.handle} hint={t("tokens.handleHint")} />
          <Field label={t("tokens.name")} name="name" required placeholder={t("tokens.namePlaceholder")} error={result?.fields?.name} />
          <Field label={t("tokens.expires")} name="expiresAt" type="date" error={result?.fields?.expiresAt} />
          <button type="submit" name="intent" value="create" className="button">{t("tokens.createButton")}</button>
        </Form>
      </section>
    </div>
  );
}
