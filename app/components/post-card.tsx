import { Link, useFetcher } from "@remix-run/react";
import type { PostView } from "~/services/community/views";
import { RelativeTime } from "./badges";

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
        <Link to={`/u/${post.author.handle}`} className="post-author">@{post.author.handle}</Link>
        <span className="muted">
          <a href={`#post-${post.id}`}><RelativeTime iso={post.createdAt} /></a>
          {post.editedAt ? (
            <>
              {" · "}
              <Link to={`/posts/${post.id}/revisions`} title="See the edit history">edited</Link>
            </>
          ) : null}
        </span>
        {post.status === "pending" ? <span className="badge badge-warn">awaiting approval</span> : null}
        {post.status === "hidden" ? <span className="badge badge-danger">hidden</span> : null}
        {accepted ? <span className="badge badge-solved">✓ Accepted answer</span> : null}
      </header>
      <div className="post-body prose" data-testid="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
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
            title={post.viewer.canVote ? (voted ? "Remove your vote" : "This helped") : "Log in to vote (not on your own posts)"}
          >
            ▲ <span data-testid="vote-count">{voteCount}</span>
          </button>
        </vote.Form>
        {threadKind === "question" && post.number > 1 && post.viewer.canAccept ? (
          <accept.Form method="post" action={`/t/${threadId}`}>
            <input type="hidden" name="postId" value={post.id} />
            <button type="submit" name="intent" value={accepted ? "unaccept" : "accept"} className="button button-small button-ghost">
              {accepted ? "Unaccept" : "✓ Accept answer"}
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
            Quote
          </button>
        ) : null}
        {post.viewer.canEdit ? <Link to={`/posts/${post.id}/edit`} className="link-button">Edit</Link> : null}
      </footer>
    </article>
  );
}
