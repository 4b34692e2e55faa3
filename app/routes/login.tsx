import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm, userAgentOf } from "~/lib/http.server";
import { safeNext } from "~/lib/pages.server";
import { logInWithLimits } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("auth:login.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await actorFor(request, context.app);
  if (actor) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const result = await formAction(() => logInWithLimits(context.app, form, { ip: context.clientIp, userAgent: userAgentOf(request) }));
  if (!result.ok) return jsonResponse({ ...result.failure, handle: form.handle ?? "" }, result.status);
  return redirect(safeNext(form.next), {
    headers: { "Set-Cookie": await context.app.sessionCookie.serialize(result.value.token) },
  });
}

export default function Login() {
  const failure = useActionData<{ message: string; fields: Record<string, string>; handle: string }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("auth");
  return (
    <section className="card narrow">
      <h1>{t("login.title")}</h1>
      <FormMessage message={failure && Object.keys(failure.fields).length === 0 ? failure.message : null} />
      <Form method="post" noValidate>
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <Field label={t("login.handle")} name="handle" autoComplete="username" required defaultValue={failure?.handle} error={failure?.fields.handle} autoFocus />
        <Field label={t("login.password")} name="password" type="password" autoComplete="current-password" required error={failure?.fields.password} />
        <button type="submit" className="button" disabled={busy}>{busy ? t("login.submitting") : t("login.submit")}</button>
      </Form>
      <p className="muted">
        <Trans t={t} i18nKey="login.newHere">
          New here? <Link to="/register">Create an account</Link>.
        </Trans>
      </p>
    </section>
  );
}
