import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { day, OffsetPager, SortHeader } from "~/components/insight-bits";
import { LEAD_STATUS_LABELS, LeadSignal, ScoreExplanation } from "~/components/lead-bits";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { listLeads, updateLead } from "~/services/leads/leads.server";
import { COMPANY_PLANS } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Leads · Gleaner" }];

const PAGE_SIZE = 100;

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const { leads, next } = await listLeads(context.app.db, await actorFor(request, context.app), { limit: PAGE_SIZE, ...query });
    return { leads, next, pageSize: Number(query.limit) || PAGE_SIZE };
  });
}

/** The table's quick triage: a lead's status, one form per row (owner and notes are on its page). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { id, status } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => updateLead(context.app, actor, id, { status }));
  if (!result.ok) return jsonResponse({ ...result.failure, id }, result.status);
  return jsonResponse({ ok: true, message: `@${result.value.user.handle} is now ${LEAD_STATUS_LABELS[result.value.status]?.toLowerCase() ?? result.value.status}.`, id });
}

const SORT_LABELS = [["score", "Highest score"], ["recent", "Latest signal"], ["newest", "Newest lead"]] as const;

export default function LeadList() {
  const { leads, next, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; id?: string }>();
  const me = useRouteLoaderData<RootData>("root")?.user?.handle;
  const [params] = useSearchParams();
  const sort = params.get("sort") || "score";
  const filtered = ["status", "plan", "owner", "minScore"].some((k) => params.get(k));
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>Leads</h1>
          <p className="muted">People whose posts and votes show buying interest, scored and explained. Dismissed leads are hidden unless you ask for them.</p>
        </div>
        <p className="inline-form">
          {me ? <Link to={`?owner=${encodeURIComponent(me)}`}>Mine</Link> : null}
          <Link to="/leads.csv" reloadDocument className="button button-small button-ghost">Download CSV</Link>
        </p>
      </div>

      <Form method="get" className="inline-form filters" aria-label="Filter leads">
        <label htmlFor="lead-status">Status</label>
        <select id="lead-status" name="status" defaultValue={params.get("status") ?? ""}>
          <option value="">Open (not dismissed)</option>
          {Object.entries(LEAD_STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        <label htmlFor="lead-plan">Plan</label>
        <select id="lead-plan" name="plan" defaultValue={params.get("plan") ?? ""}>
          <option value="">Any plan</option>
          {COMPANY_PLANS.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
        <label htmlFor="lead-owner">Owner</label>
        <input id="lead-owner" name="owner" defaultValue={params.get("owner") ?? ""} placeholder="handle" size={10} maxLength={30} />
        <label htmlFor="lead-min">Score at least</label>
        <input id="lead-min" name="minScore" type="number" min={0} defaultValue={params.get("minScore") ?? ""} className="input-short" />
        <label htmlFor="lead-sort">Sort</label>
        <select id="lead-sort" name="sort" defaultValue={sort}>
          {SORT_LABELS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">Apply</button>
      </Form>

      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />

      {leads.length === 0 ? (
        <p className="card empty" data-testid="leads-empty">
          {filtered ? <>No leads match these filters. <Link to="/leads">Show every open lead</Link>.</> : <>No leads yet. The harvest adds people here when their posts or votes show buying interest.</>}
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="table lead-table" data-testid="lead-table">
            <caption>Linked column headers sort the table; ▾ marks the current order. “why” shows how a score is made.</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Company</th>
                <SortHeader sort="score" current={sort} numeric>Score</SortHeader>
                <th scope="col">Signals</th>
                <SortHeader sort="recent" current={sort}>Last signal</SortHeader>
                <th scope="col">Status</th>
                <th scope="col">Owner</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {leads.map((lead) => (
                <tr key={lead.id} data-testid="lead-row" data-handle={lead.user.handle}>
                  <th scope="row">
                    <Link to={`/leads/${lead.id}`}>@{lead.user.handle}</Link>
                    <br />
                    <span className="small muted">{lead.user.email}</span>
                  </th>
                  <td>{lead.company ? <><span>{lead.company.name}</span><span className="cell-note">{lead.company.plan}</span></> : <span className="muted">no company</span>}</td>
                  <td className="num">
                    <strong className="lead-score">{lead.score}</strong>
                    <details className="why">
                      <summary>why</summary>
                      <ScoreExplanation lead={lead} />
                    </details>
                  </td>
                  <td>
                    <ul className="plain-list lead-signals">
                      {lead.signals.slice(0, 4).map((s, i) => <LeadSignal key={i} signal={s} />)}
                    </ul>
                    {lead.signals.length > 4 ? <Link to={`/leads/${lead.id}`} className="small">and {lead.signals.length - 4} more</Link> : null}
                  </td>
                  <td className="nowrap">{day(lead.lastSignalAt)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={lead.id} />
                      <label htmlFor={`status-${lead.id}`} className="visually-hidden">Status of @{lead.user.handle}</label>
                      <select id={`status-${lead.id}`} name="status" defaultValue={lead.status}>
                        {Object.entries(LEAD_STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                      </select>
                      <button type="submit" className="button button-small button-ghost">Save</button>
                    </Form>
                    {result && !result.ok && result.id === String(lead.id) ? <p className="field-error" role="alert">{result.message}</p> : null}
                  </td>
                  <td>{lead.owner ? `@${lead.owner.handle}` : <span className="muted">nobody</span>}</td>
                  <td className="small lead-notes">{lead.notes ? (lead.notes.length > 120 ? `${lead.notes.slice(0, 119)}…` : lead.notes) : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OffsetPager next={next} pageSize={pageSize} label="leads" />
    </div>
  );
}
