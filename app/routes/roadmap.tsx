import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useIdeaStatusLabel } from "~/components/badges";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { roadmap } from "~/services/ideas/board.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [
    { title: pageTitle(t("ideas:roadmap.title")) },
    { name: "description", content: t("ideas:roadmap.description") },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, () => roadmap(context.app.db));
}

/** The roadmap's columns: titled by the idea status, with ideas:roadmap.empty.<status> when empty. */
const COLUMNS = ["planned", "in_progress", "shipped"] as const;

export default function Roadmap() {
  const columns = useLoaderData<typeof loader>();
  const { t } = useTranslation("ideas");
  const statusLabel = useIdeaStatusLabel();
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>{t("roadmap.heading")}</h1>
          <p className="muted"><Trans t={t} i18nKey="roadmap.intro" components={{ 1: <Link to="/ideas" /> }} /></p>
        </div>
      </div>
      <div className="roadmap">
        {COLUMNS.map((key) => (
          <section key={key} className="card roadmap-column" aria-labelledby={`roadmap-${key}`} data-testid={`roadmap-${key}`}>
            <h2 id={`roadmap-${key}`}>{statusLabel(key)} <span className="muted small">({columns[key].length})</span></h2>
            {columns[key].length === 0 ? (
              <p className="empty">{t(`roadmap.empty.${key}`)}</p>
            ) : (
              <ul className="plain-list">
                {columns[key].map((idea) => (
                  <li key={idea.threadId}>
                    <Link to={idea.url}>{idea.title}</Link> <span className="muted small">· {t("roadmap.votes", { count: idea.votes })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
