import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { listThreads } from "~/services/community/threads.server";
import { ThreadList } from "~/components/thread-list";
import { forPage } from "~/lib/pages.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const [categories, latest] = await Promise.all([
      listCategories(context.app.db, actor),
      listThreads(context.app.db, actor, { limit: 10 }),
    ]);
    return { categories, latest: latest.threads, signedIn: actor !== null };
  });
}

const KIND_LABELS = { question: "Questions", discussion: "Discussions", idea: "Ideas" } as const;

export default function Home() {
  const { categories, latest, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>Customers helping customers</h1>
        <p>Ask a question, share what worked, and tell us what you need next. Good answers become part of the knowledge base.</p>
        {signedIn ? null : (
          <p className="hero-actions">
            <Link to="/register" className="button">Join the community</Link>
            <Link to="/login" className="button button-ghost">Log in</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Categories</h2>
        {categories.length === 0 ? (
          <p className="empty">No categories yet. An admin can create them.</p>
        ) : (
          <ul className="category-grid">
            {categories.map((c) => (
              <li key={c.id} className="card category-card" data-testid="category">
                <h3><Link to={`/c/${c.slug}`}>{c.name}</Link></h3>
                <p>{c.description}</p>
                <p className="tags">
                  {c.kinds.map((k) => (
                    <span key={k} className={`tag tag-${k}`}>{KIND_LABELS[k]}</span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="latest-heading" className="stack">
        <div className="section-head">
          <h2 id="latest-heading">Latest activity</h2>
          <Link to="/latest">All threads →</Link>
        </div>
        <ThreadList threads={latest} emptyText="No threads yet: ask the first question." />
      </section>
    </>
  );
}
