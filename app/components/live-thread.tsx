/**
 * The small live parts of a thread page. Each renders nothing until the socket has something
 * to say, so the server-rendered page (and the page without JavaScript) is unchanged.
 */

export function LivePresence({ count }: { count: number | null }) {
  if (count === null || count < 1) return null;
  return (
    <span className="live-presence muted" data-testid="live-presence" title="People with this thread open right now">
      <span className="live-dot" aria-hidden="true" /> {count} reading
    </span>
  );
}

export function TypingLine({ text }: { text: string | null }) {
  // Always in the DOM so screen readers announce changes politely.
  return (
    <p className="live-typing muted small" aria-live="polite" data-testid="live-typing">
      {text ?? ""}
    </p>
  );
}

export function NewRepliesButton({ count, onClick }: { count: number; onClick: () => void }) {
  if (count < 1) return null;
  return (
    <button type="button" className="live-new-replies button" onClick={onClick} data-testid="new-replies">
      {count} new {count === 1 ? "reply" : "replies"} ↓
    </button>
  );
}

export function ThreadGoneNotice() {
  return (
    <p className="card live-gone" role="status" data-testid="thread-gone">
      A moderator has hidden this thread. New replies will not appear here.
    </p>
  );
}
