import { Link, useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PostView } from "~/services/community/views";
import { RelativeTime } from "./badges";
import { usePostHtml } from "./post-html";

interface PostCardProps {
  post: PostView;
  threadId: number;
  accepted: boolean;
  /** "question" shows the accept buttons on replies. */
  threadKind: string;
  onQuote?: (post: PostView, text: string) => void;
  highlight?: boolean;
  /** The copy of the accepted answer under the question: its own anchor, the original keeps #post-N. */
  summary?: boolean;
}

/** One post: author, time, sanitized HTML (stored at write time), votes and actions. */
export function PostCard({ post, threadId, accepted, threadKind, onQuote, highlight, summary }: PostCardProps) {
  const html = usePostHtml(post.id, post.html);
  const { t } = useTranslation("community");
  const vote = useFetcher();
  const accept = useFetcher();
  // Optimistic: show the vote as soon as it is clicked.
  const pendingVote = vote.formData?.get("intent");
  const voted = pendingVote ? pendingVote === "vote" : post.viewer.voted;
  const voteCount = post.voteCount + (pendingVote ? (voted ? 1 : 0) - (post.viewer.voted ? 1 : 0) : 0);
  return (
    <article
      id={summary ? `accepted-${post.id}` : `post-${post.id}`}
      className={`post card${accepted ? " post-accepted" : ""}${post.status !== "visible" ? " post-" + post.status : ""}${highlight ? " post-new" : ""}`}
      data-testid={summary ? "accepted-answer" : "post"}
      data-post-id={post.id}
    >
      <header className="post-head">
        {post.viewer.canModerate && !summary && post.number > 1 ? (
          // Ticked replies go with the moderator tools' split form (it sits at the top of the page).
          <input type="checkbox" name="postIds" value={post.id} form="split-form" aria-label={t("post.selectForSplit", { number: post.number })} />
        ) : null}
        <Link to={`/u/${post.author.handle}`} className="post-author">{`@${post.author.handle}`}</Link>
        <span className="muted">
          <a href={`#post-${post.id}`}><RelativeTime iso={post.createdAt} /></a>
          {post.editedAt ? (
            <>
              {" · "}
              <Link to={`/posts/${post.id}/revisions`} title={t("post.historyTitle")}>{t("post.edited")}</Link>
            </>
          ) : null}
        </span>
        {post.status === "pending" ? <span className="badge badge-warn">{t("post.awaitingApproval")}</span> : null}
        {post.status === "hidden" ? <span className="badge badge-danger">{t("post.hidden")}</span> : null}
        {accepted ? <span className="badge badge-solved">{t("post.accepted")}</span> : null}
      </header>
      <div className="post-body prose" data-testid="post-body" data-post-body={post.id} dangerouslySetInnerHTML={{ __html: html }} />
      <footer className="post-actions">
        <vote.Form method="post" action={`/t/${threadId}`}>
          <input type="hidden" name="postId" value={post.id} />
          <button
            type="submit"
            name="intent"
            value={voted ? "unvote" : "vote"}
            className={`vote-button${voted ? " is-voted" : ""}`}
            disabled={!post.viewer.canVote && !voted}
            aria-pressed={voted}
            title={post.viewer.canVote ? (voted ? t("post.removeVote") : t("post.thisHelped")) : t("post.logInToVote")}
          >
            ▲ <span data-testid="vote-count">{voteCount}</span>
          </button>
        </vote.Form>
        {threadKind === "question" && post.number > 1 && post.viewer.canAccept ? (
          <accept.Form method="post" action={`/t/${threadId}`}>
            <input type="hidden" name="postId" value={post.id} />
            <button type="submit" name="intent" value={accepted ? "unaccept" : "accept"} className="button button-small button-ghost">
              {accepted ? t("post.unaccept") : t("post.accept")}
            </button>
          </accept.Form>
        ) : null}
        {onQuote ? (
          <button
            type="button"
            className="link-button"
            onClick={(e) => {
              const body = (e.currentTarget.closest("article")?.querySelector("[data-testid=post-body]") as HTMLElement | null)?.innerText ?? "";
              onQuote(post, body);
            }}
          >
            {t("post.quote")}
          </button>
        ) : null}
        {post.viewer.canEdit ? <Link to={`/posts/${post.id}/edit`} className="link-button">{t("post.edit")}</Link> : null}
        {post.viewer.canFlag && !summary ? <FlagForm postId={post.id} threadId={threadId} /> : null}
        {post.viewer.canModerate && !summary ? <ModeratePost post={post} threadId={threadId} /> : null}
      </footer>
    </article>
  );
}

const FLAG_REASONS = ["spam", "off_topic", "abusive", "other"] as const;

/** "Flag" opens a small form in place; it works without JavaScript too (a plain post). */
function FlagForm({ postId, threadId }: { postId: number; threadId: number }) {
  const { t } = useTranslation("community");
  const flag = useFetcher<{ ok: boolean; message?: string }>();
  if (flag.data?.ok) return <span className="muted small" role="status">{t("post.flagged")}</span>;
  return (
    <details className="flag-menu">
      <summary className="link-button">{t("post.flag")}</summary>
      <flag.Form method="post" action={`/t/${threadId}`} className="flag-form">
        <input type="hidden" name="postId" value={postId} />
        <label htmlFor={`flag-reason-${postId}`}>{t("post.why")}</label>
        <select id={`flag-reason-${postId}`} name="reason" defaultValue="spam">
          {FLAG_REASONS.map((value) => <option key={value} value={value}>{t(`post.flagReason.${value}`)}</option>)}
        </select>
        <input name="note" placeholder={t("post.flagNote")} maxLength={500} aria-label={t("post.flagNote")} />
        <button type="submit" name="intent" value="flag" className="button button-small button-danger">{t("post.sendFlag")}</button>
        {flag.data && !flag.data.ok ? <span className="field-error">{flag.data.message}</span> : null}
      </flag.Form>
    </details>
  );
}

/** Staff decide on a post right where they read it: hide, restore, approve or reject. */
function ModeratePost({ post, threadId }: { post: PostView; threadId: number }) {
  const { t } = useTranslation("community");
  const decide = useFetcher();
  const ops: [string, string][] =
    post.status === "pending"
      ? [["approve", t("post.approve")], ["reject", t("post.reject")]]
      : post.status === "hidden"
        ? [["unhide", t("post.unhide")]]
        : [["hide", t("post.hide")]];
  return (
    <decide.Form method="post" action={`/t/${threadId}`} className="inline-form mod-post">
      <input type="hidden" name="postId" value={post.id} />
      <input type="hidden" name="intent" value="mod-post" />
      {ops.map(([op, label]) => (
        <button key={op} type="submit" name="op" value={op} className="button button-small button-ghost">{label}</button>
      ))}
    </decide.Form>
  );
}
