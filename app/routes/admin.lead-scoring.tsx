import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { DEFAULT_LEAD_WEIGHTS, type LeadWeights } from "~/harvest/leads/weights";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getLeadWeights, updateLeadWeights } from "~/services/leads/weights.server";

export const meta: MetaFunction = () => [{ title: "Lead scoring · Admin · Gleaner" }];

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
  return jsonResponse({ ok: true, message: intent === "reset" ? "Weights reset to the defaults. The next harvest pass rescores every lead." : "Weights saved. The next harvest pass rescores every lead." });
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; sent?: Record<string, string> };

const SCALARS: { name: keyof Omit<LeadWeights, "plan" | "revenueBands">; label: string; hint: string }[] = [
  { name: "buyingIntent", label: "Buying intent", hint: "Points for a buying-intent signal, times its strength (0–1); each further one counts half the one before." },
  { name: "buyingIntentCap", label: "Buying intent, at most", hint: "Cap on the points from buying intent." },
  { name: "ideaVote", label: "Idea vote", hint: "Points per idea voted for, by someone at a prospect or trial company." },
  { name: "ideaVoteCap", label: "Idea votes, at most", hint: "" },
  { name: "request", label: "Feature request", hint: "Points per feature request or implied need, by someone at a prospect or trial company." },
  { name: "requestCap", label: "Feature requests, at most", hint: "" },
  { name: "burstPosts", label: "Burst: posts", hint: "This many posts…" },
  { name: "burstDays", label: "Burst: within days", hint: "…within this many days is a burst of activity." },
  { name: "burst", label: "Burst of activity", hint: "Points for a burst." },
  { name: "minScore", label: "Score to become a lead", hint: "A person with at least one signal becomes a lead at this score." },
];

export default function LeadScoring() {
  const { weights } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const errors = result?.fields ?? {};
  // After a refused save the form shows what was typed, not what is stored.
  const shown = (name: string, stored: number | undefined) => (result?.sent && name in result.sent ? result.sent[name] : stored ?? "");
  const d = DEFAULT_LEAD_WEIGHTS;
  const bands = Array.from({ length: Math.max(BAND_ROWS, weights.revenueBands.length + 1) }, (_, i) => weights.revenueBands[i]);
  return (
    <section className="card">
      <h1>Lead scoring</h1>
      <p className="muted">A lead's score is its fit (who they are) plus its behaviour (what they did); every lead shows the lines its score is made of. An empty field takes its default.</p>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      {/* Keyed by what is stored, so a save or a reset shows the stored weights (inputs keep what was typed otherwise). */}
      <Form method="post" noValidate key={JSON.stringify(weights)}>
        <fieldset className="fieldset">
          <legend>Fit by plan</legend>
          <div className="form-row">
            {(["prospect", "trial", "customer", "none"] as const).map((plan) => (
              <Field key={plan} label={plan === "none" ? "No company" : `${plan[0]!.toUpperCase()}${plan.slice(1)}`} name={`plan.${plan}`} type="number" min={0} max={100} defaultValue={shown(`plan.${plan}`, weights.plan[plan])} error={errors[`plan.${plan}`]} hint={`Default ${d.plan[plan]}`} />
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Fit by company size</legend>
          <p className="field-hint">The largest band a company's annual revenue reaches counts. Defaults: {d.revenueBands.map((b) => `${b.atLeast.toLocaleString("en")} → ${b.points}`).join(", ")}.</p>
          {errors.revenueBands ? <p className="field-error" role="alert">{errors.revenueBands}</p> : null}
          {bands.map((band, i) => (
            <div className="form-row" key={i}>
              <Field label={`Band ${i + 1}: annual revenue at least`} name={`revenueBands.${i}.atLeast`} inputMode="numeric" defaultValue={shown(`revenueBands.${i}.atLeast`, band?.atLeast)} error={errors[`revenueBands.${i}.atLeast`]} />
              <Field label={`Band ${i + 1}: points`} name={`revenueBands.${i}.points`} type="number" min={0} max={100} defaultValue={shown(`revenueBands.${i}.points`, band?.points)} error={errors[`revenueBands.${i}.points`]} />
            </div>
          ))}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Behaviour</legend>
          <div className="weights-grid">
            {SCALARS.map((f) => (
              <Field key={f.name} label={f.label} name={f.name} type="number" min={0} defaultValue={shown(f.name, weights[f.name])} error={errors[f.name]} hint={`${f.hint ? `${f.hint} ` : ""}Default ${d[f.name]}.`} />
            ))}
          </div>
        </fieldset>
        <div className="inline-form">
          <button type="submit" name="intent" value="save" className="button">Save weights</button>
          <button type="submit" name="intent" value="reset" className="button button-ghost">Reset to defaults</button>
        </div>
      </Form>
    </section>
  );
}
