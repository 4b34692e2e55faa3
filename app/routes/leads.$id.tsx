import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { day, Money } from "~/components/insight-bits";
import { LEAD_STATUS_LABELS, LeadSignal, LeadStatusBadge, ScoreExplanation } from "~/components/lead-bits";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { getLead, updateLead } from "~/services/leads/leads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `@${data.lead.user.handle}` : "Lead"} · Leads · Gleaner` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ lead: await getLead(context.app.db, await actorFor(request, context.app), params.id) }));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const fields = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => updateLead(context.app, actor, params.id, fields));
  // A refused save sends back what was typed, so the form (without JavaScript too) keeps it.
  if (!result.ok) return jsonResponse({ ...result.failure, sent: fields }, result.status);
  return jsonResponse({ ok: true, message: "Lead saved." });
}

export default function LeadPage() {
  const { lead } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; fields?: Record<string, string>; sent?: Record<string, string> }>();
  const me = useRouteLoaderData<RootData>("root")?.user?.handle ?? "";
  const errors = result?.fields ?? {};
  const sent = result?.sent ?? {};
  return (
    <div className="stack">
      <nav className="crumbs" aria-label="Breadcrumb"><Link to="/leads">Leads</Link> › @{lead.user.handle}</nav>
      <header className="thread-head">
        <h1>
          <Link to={`/u/${lead.user.handle}`}>@{lead.user.handle}</Link>
          {lead.company ? <span className="muted"> · {lead.company.name}</span> : null}
        </h1>
        <div className="thread-meta">
          <LeadStatusBadge status={lead.status} />
          <span>{lead.user.email}</span>
          {lead.company ? <span className="muted">{lead.company.plan}{lead.company.annualRevenue !== null ? <> · annual revenue <Money value={lead.company.annualRevenue} /></> : null}</span> : <span className="muted">no company</span>}
          <span className="muted">lead since {day(lead.createdAt)}</span>
        </div>
      </header>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />

      <div className="lead-layout">
        <section className="card" aria-labelledby="score-heading">
          <h2 id="score-heading">Score <span data-testid="lead-score">{lead.score}</span></h2>
          <ScoreExplanation lead={lead} />
          <h2>Signals</h2>
          {lead.signals.length ? (
            <ul className="plain-list" data-testid="lead-signals">{lead.signals.map((s, i) => <LeadSignal key={i} signal={s} />)}</ul>
          ) : (
            <p className="empty">No signals left: the posts behind them were hidden or deleted.</p>
          )}
        </section>

        <section className="card" aria-labelledby="work-heading">
          <h2 id="work-heading">Work this lead</h2>
          {/* Keyed by the stored lead, so a save shows what was stored. */}
          <Form method="post" noValidate key={lead.updatedAt}>
            <div className={`field${errors.status ? " field-invalid" : ""}`}>
              <label htmlFor="lead-status">Status</label>
              <select id="lead-status" name="status" defaultValue={sent.status ?? lead.status}>
                {Object.entries(LEAD_STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
              {errors.status ? <p className="field-error" role="alert">{errors.status}</p> : null}
            </div>
            <Field
              label="Owner"
              name="owner"
              defaultValue={sent.owner ?? lead.owner?.handle ?? ""}
              maxLength={30}
              error={errors.owner}
              hint={<>A handle of someone in sales; empty for nobody.{me && lead.owner?.handle !== me ? <> You are @{me}.</> : null}</>}
            />
            <div className={`field${errors.notes ? " field-invalid" : ""}`}>
              <label htmlFor="lead-notes">Notes</label>
              <textarea id="lead-notes" name="notes" rows={6} maxLength={5000} defaultValue={sent.notes ?? lead.notes} aria-invalid={errors.notes ? true : undefined} />
              {errors.notes ? <p className="field-error" role="alert">{errors.notes}</p> : null}
            </div>
            <button type="submit" className="button">Save</button>
          </Form>
        </section>
      </div>
    </div>
  );
}
