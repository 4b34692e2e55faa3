import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { KindBadge, SolvedBadge } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { metaT, pageTitle } from "~/i18n/registry";
import { isAppError } from "~/lib/errors";
import { errorIn } from "~/lib/error-text.server";
import { forPage } from "~/lib/pages.server";
import { fieldErrorMap } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { searchThreads, type SearchResult } from "~/services/search.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(data?.form.q ? t("search:titleQuery", { q: data.form.q }) : t("search:title")) }];
};

/** What the form shows: the URL's parameters as typed, so a refused search can be corrected. */
function formValues(url: URL) {
  return {
    q: url.searchParams.get("q") ?? "",
    category: url.searchParams.get("category") ?? "",
    kind: url.searchParams.get("kind") ?? "",
    solved: url.searchParams.get("solved") === "true",
  };
}

/**
 * The search page. No query: just the form. A query the service refuses (422: too long, bad
 * filter) is a message on the page, not an error page: the form stays there to fix it.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const form = formValues(new URL(request.url));
    const categories = (await listCategories(context.app.db, actor)).map((c) => ({ slug: c.slug, name: c.name }));
    const page = { form, categories, results: null as SearchResult[] | null, relaxed: false, error: null as string | null };
    if (form.q.trim() === "") return page;
    await context.app.limits.consume("search", context.clientIp);
    try {
      const found = await searchThreads(context.app.db, actor, {
        q: form.q,
        category: form.category,
        kind: form.kind,
        solved: form.solved ? "true" : "",
      });
      return { ...page, results: found.results, relaxed: found.relaxed };
    } catch (error) {
      if (isAppError(error) && error.status === 422) {
        const explained = errorIn(await localeFor(request, context.app), error);
        const fields = Object.values(fieldErrorMap(explained.fields));
        return { ...page, error: fields.length ? fields.join(" ") : explained.message };
      }
      throw error;
    }
  });
}

const KINDS = ["question", "discussion", "idea"] as const;

export default function SearchPage() {
  const { form, categories, results, relaxed, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation("search");
  return (
    <div className="stack search-page">
      <h1>{t("title")}</h1>
      {/* keyed by the query so the fields follow the URL when one search leads to another */}
      <Form method="get" action="/search" role="search" className="card search-form" key={JSON.stringify(form)}>
        <div className="search-form-query">
          <label htmlFor="search-q" className="visually-hidden">{t("searchFor")}</label>
          <input id="search-q" type="search" name="q" defaultValue={form.q} maxLength={200} placeholder={t("placeholder")} autoFocus={form.q === ""} />
          <button type="submit" className="button">{t("submit")}</button>
        </div>
        <div className="inline-form search-filters">
          <select name="category" defaultValue={form.category} aria-label={t("category")}>
            <option value="">{t("allCategories")}</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>{c.name}</option>
            ))}
          </select>
          <select name="kind" defaultValue={form.kind} aria-label={t("kind")}>
            <option value="">{t("allKinds")}</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>{t(`kinds.${value}`)}</option>
            ))}
          </select>
          <label className="search-check">
            <input type="checkbox" name="solved" value="true" defaultChecked={form.solved} /> {t("solvedOnly")}
          </label>
        </div>
      </Form>
      <FormMessage message={error} />
      {results === null ? null : <SearchResults results={results} relaxed={relaxed} query={form.q} />}
    </div>
  );
}

function SearchResults({ results, relaxed, query }: { results: SearchResult[]; relaxed: boolean; query: string }) {
  const { t } = useTranslation("search");
  if (results.length === 0) {
    return (
      <div className="card search-empty" data-testid="search-empty">
        <p>{t("empty.nothing", { query })}</p>
        <p className="muted">
          <Trans t={t} i18nKey="empty.hint">
            Try fewer or different words, or <Link to="/new">ask a question</Link>: someone in the community may know.
          </Trans>
        </p>
      </div>
    );
  }
  return (
    <section aria-label={t("results.label")}>
      <p className="muted">{t(relaxed ? "results.relaxedCount" : "results.count", { count: results.length })}</p>
      <ol className="search-results" data-testid="search-results">
        {results.map((r) => (
          <li key={`${r.type}-${r.id}`} className="card search-result" data-testid="search-result" data-type={r.type}>
            <h2 className="search-result-title">
              <Link to={r.postId ? `${r.url}#post-${r.postId}` : r.url}>{r.title}</Link>
            </h2>
            {r.type === "article" ? (
              <p className="search-result-meta">
                <span className="badge badge-article">{t("results.knowledgeBase")}</span>
                {r.category ? <Link to={`/kb?category=${r.category.slug}`} className="muted">{r.category.name}</Link> : null}
                {r.helpful > 0 ? <span className="muted">{t("results.helpful", { count: r.helpful })}</span> : null}
              </p>
            ) : (
              <p className="search-result-meta">
                <KindBadge kind={r.kind} />
                {r.solved ? <SolvedBadge /> : null}
                <Link to={`/c/${r.category.slug}`} className="muted">{r.category.name}</Link>
                <span className="muted">
                  {t("results.posts", { count: r.postCount })}
                  {r.voteCount > 0 ? ` · ${t("results.votes", { count: r.voteCount })}` : ""}
                </span>
              </p>
            )}
            {/* Escaped on the server: the snippet's only markup is <mark> around the hits. */}
            <p className="search-snippet" dangerouslySetInnerHTML={{ __html: r.snippet }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
