import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { day, Money } from "~/components/insight-bits";
import { LeadSignal, LeadStatusBadge, LeadStatusOptions, ScoreExplanation, usePlanLabel } from "~/components/lead-bits";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { getLead, updateLead } from "~/services/leads/leads.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(data ? `@${data.lead.user.handle}` : t("sales:lead.title"), t("sales:list.title")) }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ lead: await getLead(context.app.db, await actorFor(request, context.app), params.id) }));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const fields = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => updateLead(context.app, actor, params.id, fields));
  // A refused save sends back what was typed, so the form (without JavaScript too) keeps it.
  if (!result.ok) return jsonResponse({ ...result.failure, sent: fields }, result.status);
  const t = tFor(await localeFor(request, context.app));
  return jsonResponse({ ok: true, message: t("sales:lead.saved") });
}

export default function LeadPage() {
  const { lead } = useLoaderData<typeof loader>();
  const { t } = useTranslation("sales");
  const plan = usePlanLabel();
  const result = useActionData<{ ok: boolean; message: string; fields?: Record<string, string>; sent?: Record<string, string> }>();
  const me = useRouteLoaderData<RootData>("root")?.user?.handle ?? "";
  const errors = result?.fields ?? {};
  const sent = result?.sent ?? {};
  return (
    <div className="stack">
      <nav className="crumbs" aria-label={t("lead.breadcrumb")}><Link to="/leads">{t("list.title")}</Link> › {`@${lead.user.handle}`}</nav>
      <header className="thread-head">
        <h1>
          <Link to={`/u/${lead.user.handle}`}>{`@${lead.user.handle}`}</Link>
          {lead.company ? <span className="muted"> · {lead.company.name}</span> : null}
        </h1>
        <div className="thread-meta">
          <LeadStatusBadge status={lead.status} />
          <span>{lead.user.email}</span>
          {lead.company ? <span className="muted">{plan(lead.company.plan)}{lead.company.annualRevenue !== null ? <> · {t("lead.annualRevenue")} <Money value={lead.company.annualRevenue} /></> : null}</span> : <span className="muted">{t("noCompany")}</span>}
          <span className="muted">{t("lead.since", { date: day(lead.createdAt) })}</span>
        </div>
      </header>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />

      <div className="lead-layout">
        <section className="card" aria-labelledby="score-heading">
          <h2 id="score-heading">{t("lead.score")} <span data-testid="lead-score">{lead.score}</span></h2>
          <ScoreExplanation lead={lead} />
          <h2>{t("lead.signals")}</h2>
          {lead.signals.length ? (
            <ul className="plain-list" data-testid="lead-signals">{lead.signals.map((s, i) => <LeadSignal key={i} signal={s} />)}</ul>
          ) : (
            <p className="empty">{t("lead.noSignals")}</p>
          )}
        </section>

        <section className="card" aria-labelledby="work-heading">
          <h2 id="work-heading">{t("lead.work")}</h2>
          {/* Keyed by the stored lead, so a save shows what was stored. */}
          <Form method="post" noValidate key={lead.updatedAt}>
            <div className={`field${errors.status ? " field-invalid" : ""}`}>
              <label htmlFor="lead-status">{t("lead.status")}</label>
              <select id="lead-status" name="status" defaultValue={sent.status ?? lead.status}>
                <LeadStatusOptions />
              </select>
              {errors.status ? <p className="field-error" role="alert">{errors.status}</p> : null}
            </div>
            <Field
              label={t("lead.owner")}
              name="owner"
              defaultValue={sent.owner ?? lead.owner?.handle ?? ""}
              maxLength={30}
              error={errors.owner}
              hint={<>{t("lead.ownerHint")}{me && lead.owner?.handle !== me ? <> {t("lead.youAre", { handle: `@${me}` })}</> : null}</>}
            />
            <div className={`field${errors.notes ? " field-invalid" : ""}`}>
              <label htmlFor="lead-notes">{t("lead.notes")}</label>
              <textarea id="lead-notes" name="notes" rows={6} maxLength={5000} defaultValue={sent.notes ?? lead.notes} aria-invalid={errors.notes ? true : undefined} />
              {errors.notes ? <p className="field-error" role="alert">{errors.notes}</p> : null}
            </div>
            <button type="submit" className="button">{t("common:actions.save")}</button>
          </Form>
        </section>
      </div>
    </div>
  );
}
