import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { KbTabs } from "~/components/kb";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { browseKnowledgeBase, type ArticleSummary } from "~/services/knowledge/articles.server";

export const meta: MetaFunction = () => [
  { title: "Knowledge base · Gleaner" },
  { name: "description", content: "Answers from the community, reviewed and kept up to date." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return browseKnowledgeBase(context.app.db, await actorFor(request, context.app), params);
  });
}

function ArticleList({ articles }: { articles: ArticleSummary[] }) {
  return (
    <ul className="kb-list" data-testid="kb-articles">
      {articles.map((a) => (
        <li key={a.id}>
          <Link to={a.url} className="kb-list-title">{a.title}</Link>
          <span className="muted small">
            {a.helpful > 0 ? ` · ${a.helpful} found it helpful` : ""}
            {a.tags.length ? " · " : ""}
          </span>
          {a.tags.map((t) => <Link key={t} to={`/kb?tag=${encodeURIComponent(t)}`} className="tag">#{t}</Link>)}
        </li>
      ))}
    </ul>
  );
}

export default function KnowledgeBase() {
  const data = useLoaderData<typeof loader>();
  const filter = data.filter;
  return (
    <div className="stack kb-page">
      <KbTabs />
      <header>
        <h1>Knowledge base</h1>
        <p className="muted">Answers the community worked out, reviewed by our moderators. Can't find yours? <Link to="/new">Ask the community</Link>.</p>
      </header>
      <Form method="get" action="/kb" role="search" className="inline-form kb-search" key={filter.q}>
        <label htmlFor="kb-q" className="visually-hidden">Search the knowledge base</label>
        <input id="kb-q" type="search" name="q" defaultValue={filter.q} maxLength={200} placeholder="Search the knowledge base…" />
        <button type="submit" className="button button-small">Search</button>
      </Form>

      {data.view === "filtered" ? (
        <section className="card" aria-labelledby="kb-filtered">
          <div className="section-head">
            <h2 id="kb-filtered">
              {filter.q ? `Articles matching “${filter.q}”` : filter.tag ? `Articles tagged #${filter.tag}` : `Articles in ${data.categoryName ?? filter.category}`}
            </h2>
            <Link to="/kb" className="small">All articles</Link>
          </div>
          {data.articles.length === 0 ? (
            <p className="empty" data-testid="kb-empty">No published articles match. Try other words, or <Link to="/search">search the whole community</Link>.</p>
          ) : (
            <ArticleList articles={data.articles} />
          )}
          {data.next !== null ? (
            <p className="pager"><Link to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), offset: String(data.next) })}`} className="button button-ghost">More articles →</Link></p>
          ) : null}
        </section>
      ) : data.categories.length === 0 ? (
        <p className="card empty" data-testid="kb-empty">
          No articles yet. When a question gets an accepted answer, our moderators turn it into an article here.
        </p>
      ) : (
        <div className="kb-index">
          <div className="stack">
            {data.categories.map((c) => (
              <section key={c.slug || "other"} className="card" aria-labelledby={`kb-cat-${c.slug || "other"}`}>
                <h2 id={`kb-cat-${c.slug || "other"}`}>
                  {c.slug ? <Link to={`/kb?category=${encodeURIComponent(c.slug)}`}>{c.name}</Link> : c.name}
                  <span className="muted small"> · {c.articles.length} {c.articles.length === 1 ? "article" : "articles"}</span>
                </h2>
                <ArticleList articles={c.articles} />
              </section>
            ))}
          </div>
          {data.tags.length > 0 ? (
            <aside className="card kb-tags" aria-labelledby="kb-tags-heading">
              <h2 id="kb-tags-heading">Tags</h2>
              <p className="tags">
                {data.tags.map((t) => (
                  <Link key={t.tag} to={`/kb?tag=${encodeURIComponent(t.tag)}`} className="tag">#{t.tag} <span className="muted">({t.count})</span></Link>
                ))}
              </p>
            </aside>
          ) : null}
        </div>
      )}
    </div>
  );
}
