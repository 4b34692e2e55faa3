import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { IdeaStatusBadge, IdeaStatusOptions } from "~/components/badges";
import { Sparkline } from "~/components/chart";
import { Money, OffsetPager } from "~/components/insight-bits";
import { SortHeader } from "~/components/insight-bits";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { listIdeas } from "~/services/ideas/board.server";
import { COMPANY_PLANS } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("ideas:board.title")) }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const board = await listIdeas(context.app.db, actor, { limit: PAGE_SIZE, ...query });
    // Which columns and controls to draw is the guardian's answer (the service already left the
    // private figures out for everyone else).
    return { ...board, manage: can(actor, "ideas.manage"), pageSize: Number(query.limit) || PAGE_SIZE };
  });
}

/** Sort orders; their labels are ideas:board.sorts.<value>. */
const PUBLIC_SORTS = ["votes", "companies", "newest"] as const;
const PRIVATE_SORTS = ["revenue", "prospects", "evidence"] as const;

export default function IdeaBoard() {
  const { ideas, next, manage, pageSize } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const sort = params.get("sort") || "votes";
  const filtered = Boolean(params.get("status") || params.get("plan"));
  const { t } = useTranslation("ideas");
  const { number } = useFormat();
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>{t("board.heading")}</h1>
          <p className="muted">{t("board.intro")}</p>
        </div>
        <p className="inline-form">
          <Link to="/roadmap">{t("board.roadmapLink")}</Link>
          {manage ? <Link to="/ideas/candidates">{t("board.candidatesLink")}</Link> : null}
          {manage ? <Link to="/ideas.csv" reloadDocument className="button button-small button-ghost">{t("board.downloadCsv")}</Link> : null}
        </p>
      </div>

      <Form method="get" className="inline-form filters" aria-label={t("board.filters")}>
        <label htmlFor="idea-status">{t("board.status")}</label>
        <select id="idea-status" name="status" defaultValue={params.get("status") ?? ""}>
          <option value="">{t("board.anyStatus")}</option>
          <IdeaStatusOptions />
        </select>
        {manage ? (
          <>
            <label htmlFor="idea-plan">{t("board.backedBy")}</label>
            <select id="idea-plan" name="plan" defaultValue={params.get("plan") ?? ""}>
              <option value="">{t("board.anyPlan")}</option>
              {COMPANY_PLANS.map((p) => <option key={p} value={p}>{t(`board.planCompanies.${p}`)}</option>)}
            </select>
          </>
        ) : null}
        <label htmlFor="idea-sort">{t("board.sort")}</label>
        <select id="idea-sort" name="sort" defaultValue={sort}>
          {[...PUBLIC_SORTS, ...(manage ? PRIVATE_SORTS : [])].map((value) => <option key={value} value={value}>{t(`board.sorts.${value}`)}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">{t("board.apply")}</button>
      </Form>

      {ideas.length === 0 ? (
        <p className="card empty" data-testid="ideas-empty">
          {filtered ? (
            <Trans t={t} i18nKey="board.emptyFiltered" components={{ 1: <Link to="/ideas" /> }} />
          ) : (
            <Trans t={t} i18nKey="board.empty" components={{ 1: <Link to="/new" /> }} />
          )}
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="table idea-table" data-testid="idea-table">
            <caption>
              {t("board.caption")}
              {manage ? ` ${t("board.captionPrivate")}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("board.columns.idea")}</th>
                <SortHeader sort="votes" current={sort} numeric>{t("board.columns.votes")}</SortHeader>
                <SortHeader sort="companies" current={sort} numeric>{t("board.columns.companies")}</SortHeader>
                {manage ? (
                  <>
                    <SortHeader sort="revenue" current={sort} numeric>{t("board.columns.revenue")}</SortHeader>
                    <SortHeader sort="prospects" current={sort} numeric>{t("board.columns.prospectsTrials")}</SortHeader>
                    <SortHeader sort="evidence" current={sort} numeric>{t("board.columns.evidence")}</SortHeader>
                    <th scope="col">{t("board.columns.interest")}</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {ideas.map((idea) => (
                <tr key={idea.threadId} data-testid="idea-row" data-idea={idea.threadId}>
                  <th scope="row" className="idea-title-cell">
                    <Link to={manage ? `/ideas/${idea.threadId}` : idea.url}>{idea.title}</Link>
                    <div className="thread-meta">
                      <IdeaStatusBadge status={idea.status} />
                      {manage ? <Link to={idea.url} className="muted">{t("board.discussion")}</Link> : null}
                    </div>
                  </th>
                  <td className="num">
                    <span data-testid="idea-votes">{number(idea.votes)}</span>
                    <span className="cell-note">{t("board.voters", { count: idea.uniqueVoters })}</span>
                  </td>
                  <td className="num" data-testid="idea-companies">{number(idea.uniqueCompanies)}</td>
                  {idea.private ? (
                    <>
                      <td className="num">
                        <Money value={idea.private.revenue} />
                        <span className="cell-note">{t("board.customers", { count: idea.private.customers })}</span>
                      </td>
                      <td className="num">
                        {number(idea.private.prospects)} · {number(idea.private.trials)}
                      </td>
                      <td className="num">{number(idea.private.evidence)}</td>
                      <td><Sparkline label={t("board.interestIn", { title: idea.title })} points={idea.private.trend.map((p) => ({ week: p.week, value: p.interest }))} /></td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OffsetPager next={next} pageSize={pageSize} navLabel={t("board.pagerLabel")} moreLabel={t("board.pagerMore")} />
    </div>
  );
}
