import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES } from "~/i18n/locales";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { changePassword, getAccount } from "~/services/accounts.server";
import { actorFor, sessionTokenOf } from "~/services/auth.server";
import { chooseLocale } from "~/services/locale/choose-locale.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("auth:profile.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const account = await getAccount(context.app.db, await actorFor(request, context.app));
    // The member's own setting, else the language this page is in (what they see now).
    const current = await localeFor(request, context.app);
    return { account, locale: isLocale(current) ? current : DEFAULT_LOCALE };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  if (form.intent === "locale") {
    // The same service as the header's switcher, so the same rules apply to both.
    const chosen = await formAction(() => chooseLocale(context.app, actor, form.locale));
    if (!chosen.ok) return jsonResponse({ ...chosen.failure, form: "locale" }, chosen.status);
    // A fresh page load, so everything on it (the header too) comes in the new language.
    return redirect("/profile", { headers: { "Set-Cookie": chosen.value.setCookie } });
  }
  const token = await sessionTokenOf(request, context.app);
  const result = await formAction(() => changePassword(context.app.db, actor, form, token));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  const t = tFor(await localeFor(request, context.app));
  return jsonResponse({ ok: true, message: t("auth:profile.passwordChanged") });
}

const ROLES = new Set(["member", "moderator", "product_manager", "sales", "admin"]);
const PLANS = new Set(["prospect", "trial", "customer"]);

export default function Profile() {
  const { account, locale } = useLoaderData<typeof loader>();
  const data = useActionData<{ ok: boolean; message: string; fields?: Record<string, string>; form?: "locale" }>();
  // Each form shows its own outcome.
  const localeFailure = data?.form === "locale" ? data : undefined;
  const result = data?.form === "locale" ? undefined : data;
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("auth");
  return (
    <div className="stack">
      <section className="card">
        <h1>{`@${account.handle}`}</h1>
        <dl className="facts">
          <dt>{t("profile.role")}</dt><dd>{ROLES.has(account.role) ? t(`profile.roles.${account.role}`) : account.role}</dd>
          <dt>{t("profile.trustLevel")}</dt><dd>{account.trustLevel}</dd>
          <dt>{t("profile.email")}</dt><dd>{account.email}</dd>
          <dt>{t("profile.company")}</dt>
          <dd>
            {account.company
              ? t("profile.companyWithPlan", { name: account.company.name, plan: PLANS.has(account.company.plan) ? t(`profile.plans.${account.company.plan}`) : account.company.plan })
              : "—"}
          </dd>
          <dt>{t("profile.memberSince")}</dt><dd>{account.createdAt.slice(0, 10)}</dd>
        </dl>
      </section>
      <section className="card narrow-left">
        <h2>{t("profile.language.heading")}</h2>
        <FormMessage message={localeFailure ? (localeFailure.fields?.locale ?? localeFailure.message) : null} />
        <Form method="post" className="inline-form" key={`locale-${locale}`}>
          <input type="hidden" name="intent" value="locale" />
          <label htmlFor="profile-locale">{t("profile.language.label")}</label>
          <select id="profile-locale" name="locale" defaultValue={locale} aria-describedby="profile-locale-hint">
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>
            ))}
          </select>
          <button type="submit" className="button button-small" disabled={busy}>{t("profile.language.submit")}</button>
        </Form>
        <p className="field-hint" id="profile-locale-hint">{t("profile.language.hint")}</p>
      </section>
      <section className="card narrow-left">
        <h2>{t("profile.changePassword")}</h2>
        <FormMessage message={result?.ok ? result.message : null} tone="success" />
        <FormMessage message={result && !result.ok && Object.keys(result.fields ?? {}).length === 0 ? result.message : null} />
        <Form method="post" noValidate key={result?.ok ? "done" : "form"}>
          <Field label={t("profile.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" required error={result?.fields?.currentPassword} />
          <Field label={t("profile.newPassword")} name="newPassword" type="password" autoComplete="new-password" required minLength={8} error={result?.fields?.newPassword} hint={t("profile.newPasswordHint")} />
          <button type="submit" className="button" disabled={busy}>{t("profile.changePassword")}</button>
        </Form>
      </section>
    </div>
  );
}
