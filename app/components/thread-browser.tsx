import { Form, Link, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { ThreadSummary } from "~/services/community/views";
import { ThreadList } from "./thread-list";

const SORTS = ["latest", "newest", "top", "unanswered"] as const;
const KINDS = new Set(["question", "discussion", "idea"]);

/** Sort tabs, filters and keyset paging around a thread list; all state lives in the URL. */
export function ThreadBrowser({ threads, next, kinds }: { threads: ThreadSummary[]; next: string | null; kinds: string[] }) {
  const [params] = useSearchParams();
  const { t } = useTranslation("community");
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
        <nav className="tabs" aria-label={t("browser.sortLabel")}>
          {SORTS.map((value) => (
            <Link key={value} to={withParams({ sort: value === "latest" ? null : value })} className={current === value ? "active" : undefined} aria-current={current === value ? "page" : undefined}>
              {t(`browser.sort.${value}`)}
            </Link>
          ))}
        </nav>
        <Form method="get" className="inline-form filters">
          {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort")!} /> : null}
          {kinds.length > 1 ? (
            <select name="kind" defaultValue={params.get("kind") ?? ""} aria-label={t("browser.kindLabel")}>
              <option value="">{t("browser.allKinds")}</option>
              {kinds.map((k) => <option key={k} value={k}>{KINDS.has(k) ? t(`browser.kind.${k}`) : k}</option>)}
            </select>
          ) : null}
          <select name="solved" defaultValue={params.get("solved") ?? ""} aria-label={t("browser.solvedLabel")}>
            <option value="">{t("browser.solvedAny")}</option>
            <option value="true">{t("browser.solvedYes")}</option>
            <option value="false">{t("browser.solvedNo")}</option>
          </select>
          <input name="tag" defaultValue={params.get("tag") ?? ""} placeholder={t("browser.tagPlaceholder")} aria-label={t("browser.tagLabel")} size={10} />
          <button type="submit" className="button button-small button-ghost">{t("browser.filter")}</button>
        </Form>
      </div>
      {params.get("tag") ? (
        <p className="muted">
          <Trans t={t} i18nKey="browser.tagged" values={{ tag: params.get("tag") }} components={[<span key="tag" className="tag" />, <Link key="clear" to={withParams({ tag: null })} />]} />
        </p>
      ) : null}
      <ThreadList threads={threads} emptyText={t("browser.empty")} />
      {next ? (
        <p className="pager">
          <Link to={`${withParams({})}&after=${encodeURIComponent(next)}`} className="button button-ghost">{t("browser.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}
