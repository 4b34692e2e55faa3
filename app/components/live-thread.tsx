/**
 * The small live parts of a thread page. Each renders nothing until the socket has something
 * to say, so the server-rendered page (and the page without JavaScript) is unchanged.
 */
import { useTranslation } from "react-i18next";

export function LivePresence({ count }: { count: number | null }) {
  const { t } = useTranslation("community");
  if (count === null || count < 1) return null;
  return (
    <span className="live-presence muted" data-testid="live-presence" title={t("live.presenceTitle")}>
      <span className="live-dot" aria-hidden="true" /> {t("live.reading", { count })}
    </span>
  );
}

/** "@bob is replying…", from the handles of whoever is typing right now. */
export function TypingLine({ handles }: { handles: readonly string[] }) {
  const { t } = useTranslation("community");
  const text =
    handles.length === 0
      ? ""
      : handles.length === 1
        ? t("live.typingOne", { handle: handles[0] })
        : handles.length === 2
          ? t("live.typingTwo", { first: handles[0], second: handles[1] })
          : t("live.typingMany");
  // Always in the DOM so screen readers announce changes politely.
  return (
    <p className="live-typing muted small" aria-live="polite" data-testid="live-typing">
      {text}
    </p>
  );
}

export function NewRepliesButton({ count, onClick }: { count: number; onClick: () => void }) {
  const { t } = useTranslation("community");
  if (count < 1) return null;
  return (
    <button type="button" className="live-new-replies button" onClick={onClick} data-testid="new-replies">
      {t("live.newReplies", { count })}
    </button>
  );
}

export function ThreadGoneNotice() {
  const { t } = useTranslation("community");
  return (
    <p className="card live-gone" role="status" data-testid="thread-gone">
      {t("live.gone")}
    </p>
  );
}
