import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ThreadBrowser } from "~/components/thread-browser";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { getCategoryBySlug } from "~/services/categories.server";
import { listThreads } from "~/services/community/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(data?.category.name ?? metaT(matches)("community:category.fallbackTitle")) }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const category = await getCategoryBySlug(context.app.db, actor, params.slug ?? "");
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const page = await listThreads(context.app.db, actor, { ...query, category: String(category.id) });
    return { category, ...page };
  });
}

export default function CategoryPage() {
  const { category, threads, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>{category.name}</h1>
          <p className="muted">{category.description}</p>
        </div>
        <Link to={`/new?category=${category.id}`} className="button">
          {category.kinds.length === 1 && category.kinds[0] === "idea" ? t("category.proposeIdea") : category.kinds[0] === "question" ? t("category.askQuestion") : t("category.newThread")}
        </Link>
      </div>
      <ThreadBrowser threads={threads} next={next} kinds={category.kinds} />
    </div>
  );
}
