import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { listUsers, updateUser } from "~/services/accounts.server";
import { reinstateUser, suspendUser } from "~/services/moderation/user-moderation.server";
import { actorFor } from "~/services/auth.server";
import { listCompanies } from "~/services/companies.server";
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
  const result = await formAction(async () => {
    if (intent === "suspend") await suspendUser(db, actor, handle, fields);
    else if (intent === "reinstate") await reinstateUser(db, actor, handle);
    else await updateUser(db, actor, handle, fields);
    return `Saved @${handle}.`;
  });
  if (!result.ok) return jsonResponse({ ...result.failure, handle }, result.status);
  return jsonResponse({ ok: true, message: result.value, handle });
}

const tomorrow = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export default function AdminUsers() {
  const { users, next, companies } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; handle: string }>();
  const [params] = useSearchParams();
  return (
    <section className="card">
      <div className="section-head">
        <h1>Users</h1>
        <Form method="get" className="inline-form">
          <label htmlFor="user-q" className="visually-hidden">Find users</label>
          <input id="user-q" type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder="Handle or email" />
          <button type="submit" className="button button-small">Find</button>
        </Form>
      </div>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr><th>User</th><th>Role · trust · company</th><th>Status</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.handle}`}>
                <td><strong>@{u.handle}</strong><br /><span className="muted">{u.email}</span></td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="handle" value={u.handle} />
                    <select name="role" defaultValue={u.role} aria-label={`Role of ${u.handle}`}>
                      {ROLES.map((r) => <option key={r} value={r}>{r.replace("_", " ")}</option>)}
                    </select>
                    <select name="trustLevel" defaultValue={u.trustLevel} aria-label={`Trust level of ${u.handle}`}>
                      {[0, 1, 2, 3, 4].map((t) => <option key={t} value={t}>TL{t}</option>)}
                    </select>
                    <select name="companyId" defaultValue={u.company?.id ?? ""} aria-label={`Company of ${u.handle}`}>
                      <option value="">No company</option>
                      {companies.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                    </select>
                    <button type="submit" name="intent" value="update" className="button button-small">Save</button>
                  </Form>
                </td>
                <td>
                  {u.suspendedUntil && new Date(u.suspendedUntil) > new Date() ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="handle" value={u.handle} />
                      <span className="badge badge-danger" title={u.suspensionReason ?? ""}>Suspended until {u.suspendedUntil.slice(0, 10)}</span>
                      <button type="submit" name="intent" value="reinstate" className="button button-small button-ghost">Reinstate</button>
                    </Form>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="handle" value={u.handle} />
                      <input type="date" name="until" defaultValue={tomorrow()} aria-label={`Suspend ${u.handle} until`} required />
                      <input type="text" name="reason" placeholder="Reason" aria-label={`Reason to suspend ${u.handle}`} maxLength={500} required />
                      <button type="submit" name="intent" value="suspend" className="button button-small button-danger">Suspend</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p><Link to={`?${new URLSearchParams({ q: params.get("q") ?? "", after: next })}`}>Next page →</Link></p>
      ) : null}
    </section>
  );
}
