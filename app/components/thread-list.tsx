import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { ThreadSummary } from "~/services/community/views";
import { KindBadge, IdeaStatusBadge, RelativeTime } from "./badges";

/** Threads as rows: title, badges, tags, counts, last activity. Used by every list page. */
export function ThreadList({ threads, emptyText }: { threads: ThreadSummary[]; emptyText: string }) {
  const { t } = useTranslation("community");
  if (threads.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ul className="thread-list" data-testid="thread-list">
      {threads.map((thread) => (
        <li key={thread.id} className="thread-row" data-testid="thread-row">
          <div className="thread-score" title={thread.kind === "idea" ? t("list.votes") : t("list.score")}>
            <strong>{thread.voteCount}</strong>
            <span>{thread.kind === "idea" ? t("list.votes") : t("list.score")}</span>
          </div>
          <div className={`thread-answers${thread.solved ? " is-solved" : ""}`} title={thread.solved ? t("list.solvedTitle") : t("list.repliesTitle")}>
            <strong>{thread.replyCount}</strong>
            <span>{thread.solved ? t("list.solved") : t("list.replies", { count: thread.replyCount })}</span>
          </div>
          <div className="thread-main">
            <Link to={thread.url} className="thread-title">
              {thread.pinned ? <span className="badge badge-pinned">{t("list.pinned")}</span> : null}
              {thread.title}
            </Link>
            <div className="thread-meta">
              <KindBadge kind={thread.kind} />
              {thread.ideaStatus ? <IdeaStatusBadge status={thread.ideaStatus} /> : null}
              {thread.status !== "open" ? <span className="badge">{t(`threadStatus.${thread.status}`, { defaultValue: thread.status })}</span> : null}
              {thread.hidden ? <span className="badge badge-danger">{t("list.hidden")}</span> : null}
              <Link to={`/c/${thread.category.slug}`} className="muted">{thread.category.name}</Link>
              {thread.tags.map((tag) => (
                <Link key={tag} to={`/c/${thread.category.slug}?tag=${encodeURIComponent(tag)}`} className="tag">#{tag}</Link>
              ))}
              <span className="muted">
                <Trans t={t} i18nKey="list.byline" values={{ handle: thread.author.handle }} components={[<RelativeTime key="time" iso={thread.lastPostAt} />]} />
              </span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
