import { Link } from "@remix-run/react";
import type { ThreadSummary } from "~/services/community/views";
import { KindBadge, IdeaStatusBadge, RelativeTime } from "./badges";

/** Threads as rows: title, badges, tags, counts, last activity. Used by every list page. */
export function ThreadList({ threads, emptyText }: { threads: ThreadSummary[]; emptyText: string }) {
  if (threads.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ul className="thread-list" data-testid="thread-list">
      {threads.map((t) => (
        <li key={t.id} className="thread-row" data-testid="thread-row">
          <div className="thread-score" title={t.kind === "idea" ? "votes" : "score"}>
            <strong>{t.voteCount}</strong>
            <span>{t.kind === "idea" ? "votes" : "score"}</span>
          </div>
          <div className={`thread-answers${t.solved ? " is-solved" : ""}`} title={t.solved ? "Solved" : "Replies"}>
            <strong>{t.replyCount}</strong>
            <span>{t.solved ? "✓ solved" : t.replyCount === 1 ? "reply" : "replies"}</span>
          </div>
          <div className="thread-main">
            <Link to={t.url} className="thread-title">
              {t.pinned ? <span className="badge badge-pinned">Pinned</span> : null}
              {t.title}
            </Link>
            <div className="thread-meta">
              <KindBadge kind={t.kind} />
              {t.ideaStatus ? <IdeaStatusBadge status={t.ideaStatus} /> : null}
              {t.status !== "open" ? <span className="badge">{t.status}</span> : null}
              {t.hidden ? <span className="badge badge-danger">hidden</span> : null}
              <Link to={`/c/${t.category.slug}`} className="muted">{t.category.name}</Link>
              {t.tags.map((tag) => (
                <Link key={tag} to={`/c/${t.category.slug}?tag=${encodeURIComponent(tag)}`} className="tag">#{tag}</Link>
              ))}
              <span className="muted">
                by @{t.author.handle} · active <RelativeTime iso={t.lastPostAt} />
              </span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
