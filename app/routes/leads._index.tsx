import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { day, OffsetPager, SortHeader } from "~/components/insight-bits";
import { LEAD_STATUSES, LeadSignal, LeadStatusOptions, ScoreExplanation, usePlanLabel } from "~/components/lead-bits";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { listLeads, updateLead } from "~/services/leads/leads.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { COMPANY_PLANS } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("sales:list.title")) }];

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
  const t = tFor(await localeFor(request, context.app));
  const { status: saved, user } = result.value;
  const label = (LEAD_STATUSES as readonly string[]).includes(saved) ? t(`sales:statusInSentence.${saved}`) : saved;
  return jsonResponse({ ok: true, message: t("sales:list.statusSaved", { handle: `@${user.handle}`, status: label }), id });
}

const SORTS = ["score", "recent", "newest"] as const;

export default function LeadList() {
  const { leads, next, pageSize } = useLoaderData<typeof loader>();
  const { t } = useTranslation("sales");
  const plan = usePlanLabel();
  const result = useActionData<{ ok: boolean; message: string; id?: string }>();
  const me = useRouteLoaderData<RootData>("root")?.user?.handle;
  const [params] = useSearchParams();
  const sort = params.get("sort") || "score";
  const filtered = ["status", "plan", "owner", "minScore"].some((k) => params.get(k));
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>{t("list.title")}</h1>
          <p className="muted">{t("list.intro")}</p>
        </div>
        <p className="inline-form">
          {me ? <Link to={`?owner=${encodeURIComponent(me)}`}>{t("list.mine")}</Link> : null}
          <Link to="/leads.csv" reloadDocument className="button button-small button-ghost">{t("list.downloadCsv")}</Link>
        </p>
      </div>

      <Form method="get" className="inline-form filters" aria-label={t("list.filters.label")}>
        <label htmlFor="lead-status">{t("list.filters.status")}</label>
        <select id="lead-status" name="status" defaultValue={params.get("status") ?? ""}>
          <option value="">{t("list.filters.open")}</option>
          <LeadStatusOptions />
        </select>
        <label htmlFor="lead-plan">{t("list.filters.plan")}</label>
        <select id="lead-plan" name="plan" defaultValue={params.get("plan") ?? ""}>
          <option value="">{t("list.filters.anyPlan")}</option>
          {COMPANY_PLANS.map((p) => <option key={p} value={p}>{plan(p)}</option>)}
        </select>
        <label htmlFor="lead-owner">{t("list.filters.owner")}</label>
        <input id="lead-owner" name="owner" defaultValue={params.get("owner") ?? ""} placeholder={t("list.filters.ownerPlaceholder")} size={10} maxLength={30} />
        <label htmlFor="lead-min">{t("list.filters.minScore")}</label>
        <input id="lead-min" name="minScore" type="number" min={0} defaultValue={params.get("minScore") ?? ""} className="input-short" />
        <label htmlFor="lead-sort">{t("list.filters.sort")}</label>
        <select id="lead-sort" name="sort" defaultValue={sort}>
          {SORTS.map((value) => <option key={value} value={value}>{t(`list.sorts.${value}`)}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">{t("common:actions.apply")}</button>
      </Form>

      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />

      {leads.length === 0 ? (
        <p className="card empty" data-testid="leads-empty">
          {filtered ? <Trans t={t} i18nKey="list.emptyFiltered" components={{ 1: <Link to="/leads" /> }} /> : t("list.empty")}
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="table lead-table" data-testid="lead-table">
            <caption>{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.columns.person")}</th>
                <th scope="col">{t("list.columns.company")}</th>
                <SortHeader sort="score" current={sort} numeric>{t("list.columns.score")}</SortHeader>
                <th scope="col">{t("list.columns.signals")}</th>
                <SortHeader sort="recent" current={sort}>{t("list.columns.lastSignal")}</SortHeader>
                <th scope="col">{t("list.columns.status")}</th>
                <th scope="col">{t("list.columns.owner")}</th>
                <th scope="col">{t("list.columns.notes")}</th>
              </tr>
            </thead>
            <tbody>
              {leads.map((lead) => (
                <tr key={lead.id} data-testid="lead-row" data-handle={lead.user.handle}>
                  <th scope="row">
                    <Link to={`/leads/${lead.id}`}>{`@${lead.user.handle}`}</Link>
                    <br />
                    <span className="small muted">{lead.user.email}</span>
                  </th>
                  <td>{lead.company ? <><span>{lead.company.name}</span><span className="cell-note">{plan(lead.company.plan)}</span></> : <span className="muted">{t("noCompany")}</span>}</td>
                  <td className="num">
                    <strong className="lead-score">{lead.score}</strong>
                    <details className="why">
                      <summary>{t("list.why")}</summary>
                      <ScoreExplanation lead={lead} />
                    </details>
                  </td>
                  <td>
                    <ul className="plain-list lead-signals">
                      {lead.signals.slice(0, 4).map((s, i) => <LeadSignal key={i} signal={s} />)}
                    </ul>
                    {lead.signals.length > 4 ? <Link to={`/leads/${lead.id}`} className="small">{t("list.moreSignals", { count: lead.signals.length - 4 })}</Link> : null}
                  </td>
                  <td className="nowrap">{day(lead.lastSignalAt)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={lead.id} />
                      <label htmlFor={`status-${lead.id}`} className="visually-hidden">{t("list.statusOf", { handle: `@${lead.user.handle}` })}</label>
                      <select id={`status-${lead.id}`} name="status" defaultValue={lead.status}>
                        <LeadStatusOptions />
                      </select>
                      <button type="submit" className="button button-small button-ghost">{t("common:actions.save")}</button>
                    </Form>
                    {result && !result.ok && result.id === String(lead.id) ? <p className="field-error" role="alert">{result.message}</p> : null}
                  </td>
                  <td>{lead.owner ? `@${lead.owner.handle}` : <span className="muted">{t("nobody")}</span>}</td>
                  <td className="small lead-notes">{lead.notes ? (lead.notes.length > 120 ? `${lead.notes.slice(0, 119)}…` : lead.notes) : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OffsetPager next={next} pageSize={pageSize} label="leads" navLabel={t("list.pagerNav")} moreLabel={t("list.pagerMore")} />
    </div>
  );
}
