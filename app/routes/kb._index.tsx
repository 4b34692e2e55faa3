import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { KbTabs } from "~/components/kb";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { browseKnowledgeBase, type ArticleSummary } from "~/services/knowledge/articles.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("kb:index.title")) }, { name: "description", content: t("kb:index.description") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return browseKnowledgeBase(context.app.db, await actorFor(request, context.app), params);
  });
}

function ArticleList({ articles }: { articles: ArticleSummary[] }) {
  const { t } = useTranslation("kb");
  return (
    <ul className="kb-list" data-testid="kb-articles">
      {articles.map((a) => (
        <li key={a.id}>
          <Link to={a.url} className="kb-list-title">{a.title}</Link>
          <span className="muted small">
            {a.helpful > 0 ? ` · ${t("index.foundHelpful", { count: a.helpful })}` : ""}
            {a.tags.length ? " · " : ""}
          </span>
          {a.tags.map((tag) => <Link key={tag} to={`/kb?tag=${encodeURIComponent(tag)}`} className="tag">#{tag}</Link>)}
        </li>
      ))}
    </ul>
  );
}

export default function KnowledgeBase() {
  const data = useLoaderData<typeof loader>();
  const filter = data.filter;
  const { t } = useTranslation("kb");
  const { number } = useFormat();
  return (
    <div className="stack kb-page">
      <KbTabs />
      <header>
        <h1>{t("index.title")}</h1>
        <p className="muted"><Trans t={t} i18nKey="index.intro" components={[<Link key="ask" to="/new" />]} /></p>
      </header>
      <Form method="get" action="/kb" role="search" className="inline-form kb-search" key={filter.q}>
        <label htmlFor="kb-q" className="visually-hidden">{t("index.searchLabel")}</label>
        <input id="kb-q" type="search" name="q" defaultValue={filter.q} maxLength={200} placeholder={t("index.searchPlaceholder")} />
        <button type="submit" className="button button-small">{t("index.search")}</button>
      </Form>

      {data.view === "filtered" ? (
        <section className="card" aria-labelledby="kb-filtered">
          <div className="section-head">
            <h2 id="kb-filtered">
              {filter.q ? t("index.matching", { q: filter.q }) : filter.tag ? t("index.tagged", { tag: filter.tag }) : t("index.inCategory", { category: data.categoryName ?? filter.category })}
            </h2>
            <Link to="/kb" className="small">{t("index.all")}</Link>
          </div>
          {data.articles.length === 0 ? (
            <p className="empty" data-testid="kb-empty"><Trans t={t} i18nKey="index.noMatch" components={[<Link key="search" to="/search" />]} /></p>
          ) : (
            <ArticleList articles={data.articles} />
          )}
          {data.next !== null ? (
            <p className="pager"><Link to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), offset: String(data.next) })}`} className="button button-ghost">{t("index.more")}</Link></p>
          ) : null}
        </section>
      ) : data.categories.length === 0 ? (
        <p className="card empty" data-testid="kb-empty">
          {t("index.empty")}
        </p>
      ) : (
        <div className="kb-index">
          <div className="stack">
            {data.categories.map((c) => (
              <section key={c.slug || "other"} className="card" aria-labelledby={`kb-cat-${c.slug || "other"}`}>
                <h2 id={`kb-cat-${c.slug || "other"}`}>
                  {c.slug ? <Link to={`/kb?category=${encodeURIComponent(c.slug)}`}>{c.name}</Link> : t("index.otherCategory")}
                  <span className="muted small"> · {t("index.articleCount", { count: c.articles.length })}</span>
                </h2>
                <ArticleList articles={c.articles} />
              </section>
            ))}
          </div>
          {data.tags.length > 0 ? (
            <aside className="card kb-tags" aria-labelledby="kb-tags-heading">
              <h2 id="kb-tags-heading">{t("index.tags")}</h2>
              <p className="tags">
                {data.tags.map((tag) => (
                  <Link key={tag.tag} to={`/kb?tag=${encodeURIComponent(tag.tag)}`} className="tag">#{tag.tag} <span className="muted">({number(tag.count)})</span></Link>
                ))}
              </p>
            </aside>
          ) : null}
        </div>
      )}
    </div>
  );
}
