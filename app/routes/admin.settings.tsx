import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { LOCALE_NAMES, LOCALES } from "~/i18n/locales";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getKnowledgeSettings, updateKnowledgeSettings } from "~/services/knowledge/settings.server";
import { getLanguageSettings, updateLanguageSettings } from "~/services/locale/community-locale.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { getModerationSettings, updateModerationSettings } from "~/services/moderation/settings.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "settings.manage");
    const [settings, knowledge, language] = await Promise.all([getModerationSettings(context.app.db), getKnowledgeSettings(context.app.db), getLanguageSettings(context.app.db)]);
    return { settings, knowledge, language };
  });
}

type About = "moderation" | "knowledge" | "language";

/** Three forms on one page, told apart by `intent`: each saves its own settings (a form without one is the moderation form). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, ...form } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const db = context.app.db;
  const about: About = intent === "knowledge" || intent === "language" ? intent : "moderation";
  // Each service asks the guardian for settings.manage before it reads the form.
  const result = await formAction<unknown>(() => {
    switch (about) {
      case "knowledge":
        return updateKnowledgeSettings(db, actor, form);
      case "language":
        return updateLanguageSettings(db, actor, form);
      default:
        return updateModerationSettings(db, actor, form);
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, about }, result.status);
  const t = tFor(await localeFor(request, context.app));
  const message =
    about === "language"
      ? t("admin:settings.language.saved", { name: LOCALE_NAMES[(result.value as { defaultLocale: keyof typeof LOCALE_NAMES }).defaultLocale] })
      : t(about === "knowledge" ? "admin:settings.knowledge.saved" : "admin:settings.moderation.saved");
  return jsonResponse({ ok: true, about, message });
}

type Result = { ok: boolean; about: About; message: string; fields?: Record<string, string> };

export default function Settings() {
  const { t } = useTranslation("admin");
  return (
    <div className="stack">
      <h1>{t("settings.title")}</h1>
      <ModerationSettings />
      <KnowledgeSettings />
      <LanguageSettings />
    </div>
  );
}

/** The result of this section's form, if the last post was this form's. */
function useSectionResult(about: About) {
  const data = useActionData<Result>();
  return data?.about === about ? data : undefined;
}

function LanguageSettings() {
  const { language } = useLoaderData<typeof loader>();
  const result = useSectionResult("language");
  const { t } = useTranslation("admin");
  const error = result?.fields?.defaultLocale;
  return (
    <section className="card narrow-left" aria-labelledby="language-settings">
      <h2 id="language-settings">{t("settings.language.heading")}</h2>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      {/* Keyed by what is stored, so a save shows the stored choice. */}
      <Form method="post" noValidate key={language.defaultLocale}>
        <input type="hidden" name="intent" value="language" />
        <div className={`field${error ? " field-invalid" : ""}`}>
          <label htmlFor="default-locale">{t("settings.language.defaultLocale")}</label>
          <select id="default-locale" name="defaultLocale" defaultValue={language.defaultLocale} aria-describedby="default-locale-hint" aria-invalid={error ? true : undefined}>
            {/* Each language named in itself, for an admin who reads that one. */}
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
          <p className="field-hint" id="default-locale-hint">{t("settings.language.hint")}</p>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
        </div>
        <button type="submit" className="button">{t("settings.language.save")}</button>
      </Form>
    </section>
  );
}

function KnowledgeSettings() {
  const { knowledge } = useLoaderData<typeof loader>();
  const result = useSectionResult("knowledge");
  const { t } = useTranslation("admin");
  const errors = result?.fields ?? {};
  return (
    <section className="card narrow-left" aria-labelledby="knowledge-settings">
      <h2 id="knowledge-settings">{t("settings.knowledge.heading")}</h2>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="knowledge" />
        <Field
          label={t("settings.knowledge.staleAfterDays")}
          name="staleAfterDays"
          type="number"
          min={1}
          max={3650}
          defaultValue={knowledge.staleAfterDays}
          error={errors.staleAfterDays}
          hint={t("settings.knowledge.staleHint")}
        />
        <button type="submit" className="button">{t("settings.knowledge.save")}</button>
      </Form>
    </section>
  );
}

function ModerationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useSectionResult("moderation");
  const { t } = useTranslation("admin");
  const errors = result?.fields ?? {};
  return (
    <section className="card narrow-left" aria-labelledby="moderation-settings">
      <h2 id="moderation-settings">{t("settings.moderation.heading")}</h2>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="moderation" />
        <Field label={t("settings.moderation.minTrust")} name="minTrustToPostFreely" type="number" min={0} max={4} defaultValue={settings.minTrustToPostFreely} error={errors.minTrustToPostFreely} hint={t("settings.moderation.minTrustHint")} />
        <div className="field">
          <label htmlFor="watched-words">{t("settings.moderation.watchedWords")}</label>
          <textarea id="watched-words" name="watchedWords" rows={4} defaultValue={settings.watchedWords.join("\n")} />
          <p className="field-hint">{t("settings.moderation.watchedWordsHint")}</p>
        </div>
        <Field label={t("settings.moderation.flagsToHide")} name="flagsToHide" type="number" min={1} max={50} defaultValue={settings.flagsToHide} error={errors.flagsToHide} />
        <Field label={t("settings.moderation.linksToHold")} name="linksToHold" type="number" min={1} max={100} defaultValue={settings.linksToHold} error={errors.linksToHold} />
        <fieldset className="fieldset">
          <legend>{t("settings.moderation.newMembers")}</legend>
          <Field label={t("settings.moderation.threadsPerDay")} name="newUserThreadsPerDay" type="number" min={1} defaultValue={settings.newUserThreadsPerDay} error={errors.newUserThreadsPerDay} />
          <Field label={t("settings.moderation.repliesPerDay")} name="newUserRepliesPerDay" type="number" min={1} defaultValue={settings.newUserRepliesPerDay} error={errors.newUserRepliesPerDay} />
          <Field label={t("settings.moderation.linksPerPost")} name="newUserLinksPerPost" type="number" min={0} defaultValue={settings.newUserLinksPerPost} error={errors.newUserLinksPerPost} />
        </fieldset>
        <button type="submit" className="button">{t("settings.moderation.save")}</button>
      </Form>
    </section>
  );
}
