import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { createApiToken, listApiTokens, revokeApiToken } from "~/services/api-tokens.server";
import { actorFor } from "~/services/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const tokens = await listApiTokens(context.app.db, await actorFor(request, context.app));
    return { tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    if (intent === "revoke") {
      await revokeApiToken(context.app.db, actor, parseInput(idSchema, id));
      return { message: "Token revoked.", token: null };
    }
    const created = await createApiToken(context.app.db, actor, fields);
    return { message: "Token created. Copy it now: it will not be shown again.", token: created.token };
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, ...result.value });
}

export default function AdminTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; token?: string | null; fields?: Record<string, string> }>();
  return (
    <div className="stack">
      <section className="card">
        <h1>API tokens</h1>
        <p className="muted">A token acts as its user through <code>Authorization: Bearer &lt;token&gt;</code>. Only its hash is stored.</p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {result?.token ? <pre className="secret" data-testid="new-token">{result.token}</pre> : null}
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>User</th><th>Token</th><th>Last used</th><th>Status</th><th /></tr></thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>@{t.user.handle}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td>{t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never"}</td>
                  <td>{t.revokedAt ? "revoked" : t.expiresAt && new Date(t.expiresAt) < new Date() ? "expired" : "active"}</td>
                  <td>
                    {t.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" name="intent" value="revoke" className="button button-small button-danger">Revoke</button>
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
        <h2>Create a token</h2>
        <Form method="post" noValidate>
          <Field label="User handle" name="handle" required error={result?.fields?.handle} hint="The token acts as this user, with their role." />
          <Field label="Name" name="name" required placeholder="CRM sync" error={result?.fields?.name} />
          <Field label="Expires (optional)" name="expiresAt" type="date" error={result?.fields?.expiresAt} />
          <button type="submit" name="intent" value="create" className="button">Create token</button>
        </Form>
      </section>
    </div>
  );
}
