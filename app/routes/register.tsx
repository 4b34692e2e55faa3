import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm, userAgentOf } from "~/lib/http.server";
import { register } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("auth:register.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await actorFor(request, context.app)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    ensure(actor, "account.register");
    await context.app.limits.consume("register", context.clientIp);
    return register(context.app.db, actor, form, userAgentOf(request));
  });
  if (!result.ok) {
    return jsonResponse({ ...result.failure, values: { handle: form.handle ?? "", email: form.email ?? "" } }, result.status);
  }
  return redirect("/", { headers: { "Set-Cookie": await context.app.sessionCookie.serialize(result.value.token) } });
}

type Failure = { message: string; fields: Record<string, string>; values: { handle: string; email: string } };

export default function Register() {
  const failure = useActionData<Failure>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("auth");
  return (
    <section className="card narrow">
      <h1>{t("register.title")}</h1>
      <FormMessage message={failure && Object.keys(failure.fields).length === 0 ? failure.message : null} />
      <Form method="post" noValidate>
        <Field label={t("register.handle")} name="handle" autoComplete="username" required minLength={2} maxLength={30} defaultValue={failure?.values.handle} error={failure?.fields.handle} hint={t("register.handleHint")} autoFocus />
        <Field label={t("register.email")} name="email" type="email" autoComplete="email" required defaultValue={failure?.values.email} error={failure?.fields.email} hint={t("register.emailHint")} />
        <Field label={t("register.password")} name="password" type="password" autoComplete="new-password" required minLength={8} error={failure?.fields.password} hint={t("register.passwordHint")} />
        <button type="submit" className="button" disabled={busy}>{busy ? t("register.submitting") : t("register.submit")}</button>
      </Form>
      <p className="muted">
        <Trans t={t} i18nKey="register.alreadyMember">
          Already a member? <Link to="/login">Log in</Link>.
        </Trans>
      </p>
    </section>
  );
}
