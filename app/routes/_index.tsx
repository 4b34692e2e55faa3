import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
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

export default function Home() {
  const { categories, latest, signedIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <>
      <section className="hero">
        <h1>{t("home.heroTitle")}</h1>
        <p>{t("home.heroText")}</p>
        {signedIn ? null : (
          <p className="hero-actions">
            <Link to="/register" className="button">{t("home.join")}</Link>
            <Link to="/login" className="button button-ghost">{t("home.logIn")}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">{t("home.categories")}</h2>
        {categories.length === 0 ? (
          <p className="empty">{t("home.noCategories")}</p>
        ) : (
          <ul className="category-grid">
            {categories.map((c) => (
              <li key={c.id} className="card category-card" data-testid="category">
                <h3><Link to={`/c/${c.slug}`}>{c.name}</Link></h3>
                <p>{c.description}</p>
                <p className="tags">
                  {c.kinds.map((k) => (
                    <span key={k} className={`tag tag-${k}`}>{t(`home.kinds.${k}`)}</span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="latest-heading" className="stack">
        <div className="section-head">
          <h2 id="latest-heading">{t("home.latest")}</h2>
          <Link to="/latest">{t("home.allThreads")}</Link>
        </div>
        <ThreadList threads={latest} emptyText={t("home.empty")} />
      </section>
    </>
  );
}
