import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { IdeaStatusBadge, IdeaStatusOptions } from "~/components/badges";
import { Sparkline } from "~/components/chart";
import { Money, OffsetPager, SortHeader } from "~/components/insight-bits";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { listIdeas } from "~/services/ideas/board.server";
import { COMPANY_PLANS } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Ideas · Gleaner" }];

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

const PUBLIC_SORTS = [["votes", "Most votes"], ["companies", "Most companies"], ["newest", "Newest"]] as const;
const PRIVATE_SORTS = [["revenue", "Most customer revenue"], ["prospects", "Most prospects and trials"], ["evidence", "Most evidence"]] as const;

export default function IdeaBoard() {
  const { ideas, next, manage, pageSize } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const sort = params.get("sort") || "votes";
  const filtered = Boolean(params.get("status") || params.get("plan"));
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>Ideas</h1>
          <p className="muted">What customers ask us to build, and how many stand behind each idea.</p>
        </div>
        <p className="inline-form">
          <Link to="/roadmap">Roadmap</Link>
          {manage ? <Link to="/ideas/candidates">Candidate requests</Link> : null}
          {manage ? <Link to="/ideas.csv" reloadDocument className="button button-small button-ghost">Download CSV</Link> : null}
        </p>
      </div>

      <Form method="get" className="inline-form filters" aria-label="Filter ideas">
        <label htmlFor="idea-status">Status</label>
        <select id="idea-status" name="status" defaultValue={params.get("status") ?? ""}>
          <option value="">Any status</option>
          <IdeaStatusOptions />
        </select>
        {manage ? (
          <>
            <label htmlFor="idea-plan">Backed by</label>
            <select id="idea-plan" name="plan" defaultValue={params.get("plan") ?? ""}>
              <option value="">Any plan</option>
              {COMPANY_PLANS.map((p) => <option key={p} value={p}>{p} companies</option>)}
            </select>
          </>
        ) : null}
        <label htmlFor="idea-sort">Sort</label>
        <select id="idea-sort" name="sort" defaultValue={sort}>
          {[...PUBLIC_SORTS, ...(manage ? PRIVATE_SORTS : [])].map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">Apply</button>
      </Form>

      {ideas.length === 0 ? (
        <p className="card empty" data-testid="ideas-empty">
          {filtered ? (
            <>No ideas match these filters. <Link to="/ideas">Show every idea</Link>.</>
          ) : (
            <>No ideas yet. Ideas are threads anyone can start: <Link to="/new">share one</Link>.</>
          )}
        </p>
      ) : (
        <div className="card table-wrap">
          <table className="table idea-table" data-testid="idea-table">
            <caption>
              Linked column headers sort the table; ▾ marks the current order.
              {manage ? " Companies count everyone who voted for an idea or was quoted as evidence for it, once per company; interest is votes and evidence per week." : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Idea</th>
                <SortHeader sort="votes" current={sort} numeric>Votes</SortHeader>
                <SortHeader sort="companies" current={sort} numeric>Companies</SortHeader>
                {manage ? (
                  <>
                    <SortHeader sort="revenue" current={sort} numeric>Customer revenue</SortHeader>
                    <SortHeader sort="prospects" current={sort} numeric>Prospects · trials</SortHeader>
                    <SortHeader sort="evidence" current={sort} numeric>Evidence</SortHeader>
                    <th scope="col">Interest, 12 weeks</th>
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
                      {manage ? <Link to={idea.url} className="muted">discussion</Link> : null}
                    </div>
                  </th>
                  <td className="num">
                    <span data-testid="idea-votes">{idea.votes}</span>
                    <span className="cell-note">{idea.uniqueVoters} {idea.uniqueVoters === 1 ? "voter" : "voters"}</span>
                  </td>
                  <td className="num" data-testid="idea-companies">{idea.uniqueCompanies}</td>
                  {idea.private ? (
                    <>
                      <td className="num">
                        <Money value={idea.private.revenue} />
                        <span className="cell-note">{idea.private.customers} {idea.private.customers === 1 ? "customer" : "customers"}</span>
                      </td>
                      <td className="num">
                        {idea.private.prospects} · {idea.private.trials}
                      </td>
                      <td className="num">{idea.private.evidence}</td>
                      <td><Sparkline label={`Interest in “${idea.title}”`} points={idea.private.trend.map((p) => ({ week: p.week, value: p.interest }))} /></td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OffsetPager next={next} pageSize={pageSize} label="ideas" />
    </div>
  );
}
