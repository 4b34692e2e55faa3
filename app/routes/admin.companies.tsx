import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { createCompany, listCompanies, updateCompany } from "~/services/companies.server";
import { COMPANY_PLANS } from "../../db/schema";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({
    companies: await listCompanies(context.app.db, await actorFor(request, context.app)),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    if (id) await updateCompany(context.app.db, actor, parseInput(idSchema, id), fields);
    else await createCompany(context.app.db, actor, fields);
    return `Saved ${fields.name ?? "company"}.`;
  });
  if (!result.ok) return jsonResponse({ ...result.failure, id: id ?? null }, result.status);
  return jsonResponse({ ok: true, message: result.value, id: id ?? null });
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; id: string | null };

export default function AdminCompanies() {
  const { companies } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const newErrors = result && !result.ok && !result.id ? result.fields ?? {} : {};
  return (
    <div className="stack">
      <section className="card">
        <h1>Companies</h1>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Domain</th><th>Plan</th><th>Annual revenue</th><th>Members</th><th /></tr></thead>
            <tbody>
              {companies.map((c) => (
                <tr key={c.id}>
                  <td colSpan={6}>
                    <Form method="post" className="row-form">
                      <input type="hidden" name="id" value={c.id} />
                      <input name="name" defaultValue={c.name} aria-label="Name" required maxLength={120} />
                      <input name="domain" defaultValue={c.domain ?? ""} aria-label="Domain" placeholder="example.com" />
                      <select name="plan" defaultValue={c.plan} aria-label="Plan">
                        {COMPANY_PLANS.map((p) => <option key={p} value={p}>{p}</option>)}
                      </select>
                      <input name="annualRevenue" defaultValue={c.annualRevenue ?? ""} aria-label="Annual revenue" inputMode="numeric" />
                      <span className="muted">{c.memberCount} members</span>
                      <button type="submit" className="button button-small">Save</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card narrow-left">
        <h2>Add a company</h2>
        <Form method="post" noValidate>
          <Field label="Name" name="name" required maxLength={120} error={newErrors.name} />
          <Field label="Domain" name="domain" placeholder="example.com" error={newErrors.domain} hint="Members with this email domain can be matched to the company." />
          <div className="field">
            <label htmlFor="new-plan">Plan</label>
            <select id="new-plan" name="plan" defaultValue="prospect">
              {COMPANY_PLANS.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
          <Field label="Annual revenue (optional)" name="annualRevenue" inputMode="numeric" error={newErrors.annualRevenue} />
          <button type="submit" className="button">Add company</button>
        </Form>
      </section>
    </div>
  );
}
