import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { SignalKindBadge } from "~/components/insight-bits";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { classifyText } from "~/services/harvest/classify.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("admin:detectors.title"), t("admin:title")) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "admin.view");
    return null;
  });
}

/** Runs the detectors on the sentence typed; nothing is stored. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { text } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    // An admin page, though the guardian lets product managers and sales classify through the API.
    ensure(actor, "admin.view");
    return classifyText(actor, { text });
  });
  if (!result.ok) return jsonResponse({ ...result.failure, text }, result.status);
  return jsonResponse({ ok: true, text, ...result.value });
}

/** The content languages the detectors tell apart; their names: admin:detectors.languages. */
const LANGUAGES = new Set(["en", "sv", "no", "zh"]);

type Result =
  | { ok: true; text: string; language: string; signals: { kind: string; score: number; matched: string[]; quote: string; language: string }[] }
  | { ok: false; text?: string; message: string; fields: Record<string, string> };

export default function Detectors() {
  const result = useActionData<Result>();
  const { t } = useTranslation("admin");
  const format = useFormat();
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("detectors.heading")}</h1>
        <p className="muted">{t("detectors.intro")}</p>
        {result && !result.ok ? <FormMessage message={result.message} /> : null}
        <Form method="post" noValidate>
          <div className={`field${result && !result.ok && result.fields.text ? " field-invalid" : ""}`}>
            <label htmlFor="classify-text">{t("detectors.text")}</label>
            <textarea
              id="classify-text"
              name="text"
              rows={4}
              maxLength={10_000}
              defaultValue={result?.text ?? ""}
              placeholder={t("detectors.placeholder")}
              aria-invalid={result && !result.ok && result.fields.text ? true : undefined}
            />
            <p className="field-hint">{t("detectors.hint", { max: format.number(10_000) })}</p>
          </div>
          <button type="submit" className="button">{t("detectors.submit")}</button>
        </Form>
      </section>
      {result?.ok ? (
        <section className="card" aria-labelledby="classify-result" data-testid="classify-result">
          <h2 id="classify-result">{t("detectors.result")}</h2>
          <p>
            <Trans t={t} i18nKey="detectors.language" values={{ language: LANGUAGES.has(result.language) ? t(`detectors.languages.${result.language}`) : result.language }} components={{ strong: <strong /> }} />
          </p>
          {result.signals.length === 0 ? (
            <p className="empty">{t("detectors.noSignal")}</p>
          ) : (
            <table className="table">
              <thead><tr><th scope="col">{t("detectors.kind")}</th><th scope="col" className="num">{t("detectors.score")}</th><th scope="col">{t("detectors.matched")}</th><th scope="col">{t("detectors.quote")}</th></tr></thead>
              <tbody>
                {result.signals.map((s) => (
                  <tr key={s.kind}>
                    <td><SignalKindBadge kind={s.kind} /></td>
                    <td className="num">{format.number(s.score, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}</td>
                    <td>{s.matched.length ? <ul className="tags plain-list">{s.matched.map((m, i) => <li key={i}><code>{m}</code></li>)}</ul> : <span className="muted">—</span>}</td>
                    <td><q className="quote-inline">{s.quote}</q></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}
