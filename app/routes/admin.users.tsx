import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { listUsers, updateUser } from "~/services/accounts.server";
import { reinstateUser, suspendUser } from "~/services/moderation/user-moderation.server";
import { actorFor } from "~/services/auth.server";
import { listCompanies } from "~/services/companies.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { ROLES } from "../../db/schema";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const [page, companies] = await Promise.all([
      listUsers(context.app.db, actor, params),
      listCompanies(context.app.db, actor),
    ]);
    return { ...page, companies: companies.map((c) => ({ id: c.id, name: c.name })) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, handle = "", ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const { db } = context.app;
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    if (intent === "suspend") await suspendUser(db, actor, handle, fields);
    else if (intent === "reinstate") await reinstateUser(db, actor, handle);
    else await updateUser(db, actor, handle, fields);
    return t("admin:users.saved", { handle });
  });
  if (!result.ok) return jsonResponse({ ...result.failure, handle }, result.status);
  return jsonResponse({ ok: true, message: result.value, handle });
}

const tomorrow = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export default function AdminUsers() {
  const { users, next, companies } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; handle: string }>();
  const [params] = useSearchParams();
  const { t } = useTranslation("admin");
  return (
    <section className="card">
      <div className="section-head">
        <h1>{t("users.title")}</h1>
        <Form method="get" className="inline-form">
          <label htmlFor="user-q" className="visually-hidden">{t("users.find")}</label>
          <input id="user-q" type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder={t("users.findPlaceholder")} />
          <button type="submit" className="button button-small">{t("users.findButton")}</button>
        </Form>
      </div>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr><th>{t("users.user")}</th><th>{t("users.roleTrustCompany")}</th><th>{t("users.status")}</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.handle}`}>
                <td><strong>@{u.handle}</strong><br /><span className="muted">{u.email}</span></td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="handle" value={u.handle} />
                    <select name="role" defaultValue={u.role} aria-label={t("users.roleOf", { handle: u.handle })}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`users.roles.${r}`)}</option>)}
                    </select>
                    <select name="trustLevel" defaultValue={u.trustLevel} aria-label={t("users.trustOf", { handle: u.handle })}>
                      {[0, 1, 2, 3, 4].map((level) => <option key={level} value={level}>{t("users.trustLevel", { level })}</option>)}
                    </select>
                    <select name="companyId" defaultValue={u.company?.id ?? ""} aria-label={t("users.companyOf", { handle: u.handle })}>
                      <option value="">{t("users.noCompany")}</option>
                      {companies.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                    </select>
                    <button type="submit" name="intent" value="update" className="button button-small">{t("users.save")}</button>
                  </Form>
                </td>
                <td>
                  {u.suspendedUntil && new Date(u.suspendedUntil) > new Date() ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="handle" value={u.handle} />
                      <span className="badge badge-danger" title={u.suspensionReason ?? ""}>{t("users.suspendedUntil", { date: u.suspendedUntil.slice(0, 10) })}</span>
                      <button type="submit" name="intent" value="reinstate" className="button button-small button-ghost">{t("users.reinstate")}</button>
                    </Form>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="handle" value={u.handle} />
                      <input type="date" name="until" defaultValue={tomorrow()} aria-label={t("users.suspendUntil", { handle: u.handle })} required />
                      <input type="text" name="reason" placeholder={t("users.reason")} aria-label={t("users.reasonFor", { handle: u.handle })} maxLength={500} required />
                      <button type="submit" name="intent" value="suspend" className="button button-small button-danger">{t("users.suspend")}</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p><Link to={`?${new URLSearchParams({ q: params.get("q") ?? "", after: next })}`}>{t("common:pagination.next")}</Link></p>
      ) : null}
    </section>
  );
}
