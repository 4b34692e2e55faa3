import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { changePassword, getAccount } from "~/services/accounts.server";
import { actorFor, sessionTokenOf } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Your profile · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({
    account: await getAccount(context.app.db, await actorFor(request, context.app)),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const token = await sessionTokenOf(request, context.app);
  const result = await formAction(() => changePassword(context.app.db, actor, form, token));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: "Password changed. Your other sessions were logged out." });
}

const ROLE_LABELS: Record<string, string> = {
  member: "Member",
  moderator: "Moderator",
  product_manager: "Product manager",
  sales: "Sales",
  admin: "Admin",
};

export default function Profile() {
  const { account } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; fields?: Record<string, string> }>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack">
      <section className="card">
        <h1>@{account.handle}</h1>
        <dl className="facts">
          <dt>Role</dt><dd>{ROLE_LABELS[account.role] ?? account.role}</dd>
          <dt>Trust level</dt><dd>{account.trustLevel}</dd>
          <dt>Email</dt><dd>{account.email}</dd>
          <dt>Company</dt><dd>{account.company ? `${account.company.name} (${account.company.plan})` : "—"}</dd>
          <dt>Member since</dt><dd>{account.createdAt.slice(0, 10)}</dd>
        </dl>
      </section>
      <section className="card narrow-left">
        <h2>Change password</h2>
        <FormMessage message={result?.ok ? result.message : null} tone="success" />
        <FormMessage message={result && !result.ok && Object.keys(result.fields ?? {}).length === 0 ? result.message : null} />
        <Form method="post" noValidate key={result?.ok ? "done" : "form"}>
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={result?.fields?.currentPassword} />
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={8} error={result?.fields?.newPassword} hint="At least 8 characters." />
          <button type="submit" className="button" disabled={busy}>Change password</button>
        </Form>
      </section>
    </div>
  );
}
