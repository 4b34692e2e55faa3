import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { ArticleStatusBadge, KbTabs, SourceDiff } from "~/components/kb";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { curationQueue, type QueuedArticle, type QueueSection } from "~/services/knowledge/queue.server";

export const meta: MetaFunction = () => [{ title: "Curation queue · Knowledge base · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return curationQueue(context.app.db, await actorFor(request, context.app), params);
  });
}

const SECTIONS: Record<QueueSection, { title: string; about: (days: number) => string; empty: string }> = {
  needs_review: {
    title: "Needs review",
    about: () => "Published articles whose source thread changed (an edit, a new accepted answer, a hidden post). Check the change, then publish again or archive.",
    empty: "No article waits for a second look.",
  },
  in_review: { title: "In review", about: () => "Submitted for review: publish, reject or archive.", empty: "Nothing is in review." },
  draft: { title: "Drafts", about: () => "Made by the harvest from accepted answers. Edit, submit for review or publish.", empty: "No drafts. New accepted answers will show up here after the next harvest." },
  stale: {
    title: "Stale",
    about: (days) => `Published and not reviewed for more than ${days} days: is it still right?`,
    empty: "Every published article was reviewed recently.",
  },
  rejected: { title: "Rejected", about: () => "Kept for the record; reopen one to work on it again.", empty: "Nothing was rejected." },
};

function QueueCard({ article, section }: { article: QueuedArticle; section: QueueSection }) {
  return (
    <li className="card queue-item" data-testid="kb-queue-item">
      <div className="queue-item-head">
        <ArticleStatusBadge status={article.status} />
        <Link to={`/kb/curate/${article.id}`} className="kb-queue-title">{article.title}</Link>
        {article.category ? <span className="muted small">{article.category.name}</span> : null}
        <span className="muted small">
          {section === "stale" ? "last reviewed " : "updated "}
          <RelativeTime iso={section === "stale" ? article.reviewedAt ?? article.publishedAt ?? article.updatedAt : article.updatedAt} />
        </span>
        {article.sourceThreadId ? (
          <span className="small muted">
            source: <Link to={`/t/${article.sourceThreadId}`} title={article.sourceThreadTitle ?? undefined}>{`thread #${article.sourceThreadId}`}</Link>
          </span>
        ) : null}
      </div>
      {article.reviewReason ? <p className="kb-reason"><strong>Why:</strong> {article.reviewReason}</p> : null}
      {article.rejectedReason ? <p className="kb-reason"><strong>Rejected:</strong> {article.rejectedReason}</p> : null}
      {section === "needs_review" && article.sourceDiff ? <SourceDiff diff={article.sourceDiff} /> : null}
    </li>
  );
}

export default function CurationQueue() {
  const { counts, sections, staleAfterDays } = useLoaderData<typeof loader>();
  const single = sections.length === 1 ? sections[0]! : null;
  const waiting = counts.needs_review + counts.in_review + counts.draft;
  return (
    <div className="stack">
      <KbTabs />
      <div className="section-head">
        <h1>Curation queue</h1>
        <p className="muted" data-testid="kb-queue-summary">
          {waiting === 0 ? "Nothing waits for a decision." : `${waiting} waiting for a decision`} · {counts.stale} stale · {counts.rejected} rejected
        </p>
      </div>
      {single ? <p><Link to="/kb/curate">← The whole queue</Link></p> : (
        <nav aria-label="Queue sections" className="inline-form small">
          {sections.map((s) => <a key={s.section} href={`#queue-${s.section}`}>{SECTIONS[s.section].title} ({counts[s.section]})</a>)}
        </nav>
      )}
      {sections.map(({ section, articles, next }) => (
        <section key={section} id={`queue-${section}`} aria-labelledby={`queue-${section}-heading`} data-testid={`kb-queue-${section}`}>
          <h2 id={`queue-${section}-heading`}>{SECTIONS[section].title} <span className="muted small">({counts[section]})</span></h2>
          <p className="muted small">{SECTIONS[section].about(staleAfterDays)}</p>
          {articles.length === 0 ? (
            <p className="empty">{SECTIONS[section].empty}</p>
          ) : (
            <ul className="queue-list stack">{articles.map((a) => <QueueCard key={a.id} article={a} section={section} />)}</ul>
          )}
          {next !== null ? (
            <p className="pager">
              <Link to={single ? `/kb/curate?section=${section}&offset=${next}` : `/kb/curate?section=${section}`} className="button button-ghost">
                {single ? "Next page →" : `All ${counts[section]} ${SECTIONS[section].title.toLowerCase()} →`}
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
