const KIND_LABELS = { question: "Question", discussion: "Discussion", idea: "Idea" } as const;

export const IDEA_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  under_review: "Under review",
  planned: "Planned",
  in_progress: "In progress",
  shipped: "Shipped",
  declined: "Declined",
};

export function KindBadge({ kind }: { kind: keyof typeof KIND_LABELS | string }) {
  return <span className={`tag tag-${kind}`}>{KIND_LABELS[kind as keyof typeof KIND_LABELS] ?? kind}</span>;
}

export function IdeaStatusBadge({ status }: { status: string }) {
  return <span className={`badge idea-${status}`}>{IDEA_STATUS_LABELS[status] ?? status}</span>;
}

export function SolvedBadge() {
  return <span className="badge badge-solved">✓ Solved</span>;
}

/**
 * "3 hours ago", rendered identically on server and client (no hydration mismatch): the
 * absolute time is the source of truth and sits in the title.
 */
export function RelativeTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const seconds = Math.max(0, (Date.now() - date.getTime()) / 1000);
  const units: [number, string][] = [[31_536_000, "year"], [2_592_000, "month"], [86_400, "day"], [3_600, "hour"], [60, "minute"]];
  let label = "just now";
  for (const [size, unit] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      label = `${n} ${unit}${n === 1 ? "" : "s"} ago`;
      break;
    }
  }
  return (
    <time dateTime={iso} title={date.toISOString().replace("T", " ").slice(0, 16) + " UTC"} suppressHydrationWarning>
      {label}
    </time>
  );
}
