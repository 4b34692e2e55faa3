import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { tFor } from "~/i18n/i18n.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { actorFor } from "~/services/auth.server";
import { createCompany, listCompanies, updateCompany } from "~/services/companies.server";
import { COMPANY_PLANS } from "../../db/schema";
import { usePlanLabel } from "~/components/lead-bits";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({
    companies: await listCompanies(context.app.db, await actorFor(request, context.app)),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    if (id) await updateCompany(context.app.db, actor, parseInput(idSchema, id), fields);
    else await createCompany(context.app.db, actor, fields);
    return fields.name === undefined ? t("admin:companies.savedUnnamed") : t("admin:companies.saved", { name: fields.name });
  });
  if (!result.ok) return jsonResponse({ ...result.failure, id: id ?? null }, result.status);
  return jsonResponse({ ok: true, message: result.value, id: id ?? null });
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; id: string | null };

export default function AdminCompanies() {
  const { companies } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const newErrors = result && !result.ok && !result.id ? result.fields ?? {} : {};
  const { t } = useTranslation("admin");
  const plan = usePlanLabel();
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("companies.title")}</h1>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t("companies.name")}</th><th>{t("companies.domain")}</th><th>{t("companies.plan")}</th><th>{t("companies.annualRevenue")}</th><th>{t("companies.members")}</th><th /></tr></thead>
            <tbody>
              {companies.map((c) => (
                <tr key={c.id}>
                  <td colSpan={6}>
                    <Form method="post" className="row-form">
                      <input type="hidden" name="id" value={c.id} />
                      <input name="name" defaultValue={c.name} aria-label={t("companies.name")} required maxLength={120} />
                      <input name="domain" defaultValue={c.domain ?? ""} aria-label={t("companies.domain")} placeholder={t("companies.domainPlaceholder")} />
                      <select name="plan" defaultValue={c.plan} aria-label={t("companies.plan")}>
                        {COMPANY_PLANS.map((p) => <option key={p} value={p}>{plan(p)}</option>)}
                      </select>
                      <input name="annualRevenue" defaultValue={c.annualRevenue ?? ""} aria-label={t("companies.annualRevenue")} inputMode="numeric" />
                      <span className="muted">{t("companies.memberCount", { count: c.memberCount })}</span>
                      <button type="submit" className="button button-small">{t("companies.save")}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card narrow-left">
        <h2>{t("companies.add")}</h2>
        <Form method="post" noValidate>
          <Field label={t("companies.name")} name="name" required maxLength={120} error={newErrors.name} />
          <Field label={t("companies.domain")} name="domain" placeholder={t("companies.domainPlaceholder")} error={newErrors.domain} hint={t("companies.domainHint")} />
          <div className="field">
            <label htmlFor="new-plan">{t("companies.plan")}</label>
            <select id="new-plan" name="plan" defaultValue="prospect">
              {COMPANY_PLANS.map((p) => <option key={p} value={p}>{plan(p)}</option>)}
            </select>
          </div>
          <Field label={t("companies.annualRevenueOptional")} name="annualRevenue" inputMode="numeric" error={newErrors.annualRevenue} />
          <button type="submit" className="button">{t("companies.addButton")}</button>
        </Form>
      </section>
    </div>
  );
}
