import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ThreadSummary } from "~/services/community/views";
import { ThreadList } from "./thread-list";

const SORTS = [
  ["latest", "Latest"],
  ["newest", "Newest"],
  ["top", "Top"],
  ["unanswered", "Unanswered"],
] as const;

/** Sort tabs, filters and keyset paging around a thread list; all state lives in the URL. */
export function ThreadBrowser({ threads, next, kinds }: { threads: ThreadSummary[]; next: string | null; kinds: string[] }) {
  const [params] = useSearchParams();
  const current = params.get("sort") || "latest";
  const withParams = (changes: Record<string, string | null>) => {
    const copy = new URLSearchParams(params);
    copy.delete("after");
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") copy.delete(k);
      else copy.set(k, v);
    }
    const s = copy.toString();
    return s ? `?${s}` : "?";
  };
  return (
    <div className="stack">
      <div className="list-controls">
        <nav className="tabs" aria-label="Sort threads">
          {SORTS.map(([value, label]) => (
            <Link key={value} to={withParams({ sort: value === "latest" ? null : value })} className={current === value ? "active" : undefined} aria-current={current === value ? "page" : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <Form method="get" className="inline-form filters">
          {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort")!} /> : null}
          {kinds.length > 1 ? (
            <select name="kind" defaultValue={params.get("kind") ?? ""} aria-label="Kind">
              <option value="">All kinds</option>
              {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          ) : null}
          <select name="solved" defaultValue={params.get("solved") ?? ""} aria-label="Solved">
            <option value="">Solved or not</option>
            <option value="true">Solved</option>
            <option value="false">Unsolved</option>
          </select>
          <input name="tag" defaultValue={params.get("tag") ?? ""} placeholder="tag" aria-label="Tag" size={10} />
          <button type="submit" className="button button-small button-ghost">Filter</button>
        </Form>
      </div>
      {params.get("tag") ? (
        <p className="muted">Tagged <span className="tag">#{params.get("tag")}</span> · <Link to={withParams({ tag: null })}>clear</Link></p>
      ) : null}
      <ThreadList threads={threads} emptyText="No threads here yet. Start one!" />
      {next ? (
        <p className="pager">
          <Link to={`${withParams({})}&after=${encodeURIComponent(next)}`} className="button button-ghost">Older threads →</Link>
        </p>
      ) : null}
    </div>
  );
}
