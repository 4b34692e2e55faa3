import { NavLink, useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "~/root";

export const ARTICLE_STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  in_review: "In review",
  published: "Published",
  needs_review: "Needs review",
  archived: "Archived",
  rejected: "Rejected",
};

export function ArticleStatusBadge({ status }: { status: string }) {
  return <span className={`badge kb-status kb-status-${status}`} data-testid="article-status">{ARTICLE_STATUS_LABELS[status] ?? status}</span>;
}

/** The knowledge base's own tabs, for curators (what to show is the root loader's guardian answer). */
export function KbTabs() {
  const root = useRouteLoaderData<RootData>("root");
  if (!root?.nav.curate) return null;
  return (
    <nav className="tabs" aria-label="Knowledge base">
      <NavLink to="/kb" end>Articles</NavLink>
      <NavLink to="/kb/curate">Curation queue</NavLink>
      <NavLink to="/kb/insights">Insights</NavLink>
    </nav>
  );
}

/**
 * A unified diff as people read one: added lines marked as insertions, removed ones as
 * deletions (announced as such by screen readers), hunk headers dimmed. The text is React
 * text, never HTML.
 */
export function SourceDiff({ diff, label = "What changed in the source" }: { diff: string; label?: string }) {
  const lines = diff.split("\n").filter((line, i, all) => !(i === all.length - 1 && line === ""));
  return (
    <figure className="diff-figure">
      <figcaption className="small muted">{label} (<span className="diff-key-added">+ added</span>, <span className="diff-key-removed">− removed</span>)</figcaption>
      <pre className="diff" data-testid="source-diff">
        {lines.map((line, i) => {
          if (line.startsWith("+++") || line.startsWith("---")) return <span key={i} className="diff-file">{line}{"\n"}</span>;
          if (line.startsWith("@@")) return <span key={i} className="diff-hunk">{line}{"\n"}</span>;
          if (line.startsWith("+")) return <ins key={i} className="diff-added">{line}{"\n"}</ins>;
          if (line.startsWith("-")) return <del key={i} className="diff-removed">{line}{"\n"}</del>;
          return <span key={i} className="diff-context">{line}{"\n"}</span>;
        })}
      </pre>
    </figure>
  );
}

export const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);
