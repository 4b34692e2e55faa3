import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { DEFAULT_LEAD_WEIGHTS, type LeadWeights } from "~/harvest/leads/weights";
import { useFormat } from "~/i18n/format";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getLeadWeights, updateLeadWeights } from "~/services/leads/weights.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("admin:leadScoring.title"), t("admin:title")) }];
};

/** Room for this many revenue bands in the form (the settings allow up to 10). */
const BAND_ROWS = 4;

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "leads.configure");
    return { weights: await getLeadWeights(context.app.db) };
  });
}

/**
 * The form's flat names ("plan.trial", "revenueBands.1.points") as the nested settings they
 * stand for; a band row left wholly empty is no band.
 */
function weightsFromForm(fields: Record<string, string>) {
  const plan: Record<string, string> = {};
  const bands: Record<string, string>[] = [];
  const rest: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const [head, key, sub] = name.split(".");
    if (head === "plan" && key) plan[key] = value;
    else if (head === "revenueBands" && key && sub) (bands[Number(key)] ??= {})[sub] = value;
    else rest[name] = value;
  }
  return { ...rest, plan, revenueBands: bands.filter((b) => b && Object.values(b).some((v) => v.trim() !== "")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  // Resetting saves an empty object: every weight takes its default.
  const result = await formAction(() => updateLeadWeights(context.app.db, actor, intent === "reset" ? {} : weightsFromForm(fields)));
  if (!result.ok) return jsonResponse({ ...result.failure, sent: fields }, result.status);
  const t = tFor(await localeFor(request, context.app));
  return jsonResponse({ ok: true, message: t(intent === "reset" ? "admin:leadScoring.reset" : "admin:leadScoring.saved") });
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; sent?: Record<string, string> };

/** The behaviour weights, in form order; labels are admin:leadScoring.fields, hints admin:leadScoring.hints. */
const SCALARS: { name: keyof Omit<LeadWeights, "plan" | "revenueBands">; hint: boolean }[] = [
  { name: "buyingIntent", hint: true },
  { name: "buyingIntentCap", hint: true },
  { name: "ideaVote", hint: true },
  { name: "ideaVoteCap", hint: false },
  { name: "request", hint: true },
  { name: "requestCap", hint: false },
  { name: "burstPosts", hint: true },
  { name: "burstDays", hint: true },
  { name: "burst", hint: true },
  { name: "minScore", hint: true },
];

export default function LeadScoring() {
  const { weights } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const { t } = useTranslation("admin");
  const { number } = useFormat();
  const errors = result?.fields ?? {};
  // After a refused save the form shows what was typed, not what is stored.
  const shown = (name: string, stored: number | undefined) => (result?.sent && name in result.sent ? result.sent[name] : stored ?? "");
  const d = DEFAULT_LEAD_WEIGHTS;
  const bands = Array.from({ length: Math.max(BAND_ROWS, weights.revenueBands.length + 1) }, (_, i) => weights.revenueBands[i]);
  return (
    <section className="card">
      <h1>{t("leadScoring.title")}</h1>
      <p className="muted">{t("leadScoring.intro")}</p>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      {/* Keyed by what is stored, so a save or a reset shows the stored weights (inputs keep what was typed otherwise). */}
      <Form method="post" noValidate key={JSON.stringify(weights)}>
        <fieldset className="fieldset">
          <legend>{t("leadScoring.byPlan")}</legend>
          <div className="form-row">
            {(["prospect", "trial", "customer", "none"] as const).map((plan) => (
              <Field key={plan} label={t(`leadScoring.plans.${plan}`)} name={`plan.${plan}`} type="number" min={0} max={100} defaultValue={shown(`plan.${plan}`, weights.plan[plan])} error={errors[`plan.${plan}`]} hint={t("leadScoring.planDefault", { value: number(d.plan[plan]) })} />
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("leadScoring.bySize")}</legend>
          <p className="field-hint">
            {t("leadScoring.bandsHint", { bands: d.revenueBands.map((b) => t("leadScoring.band", { atLeast: number(b.atLeast), points: number(b.points) })).join(t("leadScoring.bandSeparator")) })}
          </p>
          {errors.revenueBands ? <p className="field-error" role="alert">{errors.revenueBands}</p> : null}
          {bands.map((band, i) => (
            <div className="form-row" key={i}>
              <Field label={t("leadScoring.bandAtLeast", { n: i + 1 })} name={`revenueBands.${i}.atLeast`} inputMode="numeric" defaultValue={shown(`revenueBands.${i}.atLeast`, band?.atLeast)} error={errors[`revenueBands.${i}.atLeast`]} />
              <Field label={t("leadScoring.bandPoints", { n: i + 1 })} name={`revenueBands.${i}.points`} type="number" min={0} max={100} defaultValue={shown(`revenueBands.${i}.points`, band?.points)} error={errors[`revenueBands.${i}.points`]} />
            </div>
          ))}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("leadScoring.behaviour")}</legend>
          <div className="weights-grid">
            {SCALARS.map((f) => (
              <Field
                key={f.name}
                label={t(`leadScoring.fields.${f.name}`)}
                name={f.name}
                type="number"
                min={0}
                defaultValue={shown(f.name, weights[f.name])}
                error={errors[f.name]}
                hint={f.hint ? t("leadScoring.hintAndDefault", { hint: t(`leadScoring.hints.${f.name}`), value: number(d[f.name]) }) : t("leadScoring.default", { value: number(d[f.name]) })}
              />
            ))}
          </div>
        </fieldset>
        <div className="inline-form">
          <button type="submit" name="intent" value="save" className="button">{t("leadScoring.save")}</button>
          <button type="submit" name="intent" value="reset" className="button button-ghost">{t("leadScoring.resetButton")}</button>
        </div>
      </Form>
    </section>
  );
}
