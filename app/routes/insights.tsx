import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DailyBarChart, HorizontalBarChart } from "~/components/chart";
import { useFormatMoney, useSignalKindLabel } from "~/components/insight-bits";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { insights } from "~/services/insights/insights.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("sales:insights.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => insights(context.app.db, await actorFor(request, context.app)));
}

/** The content languages the harvest tells apart (it tags Norwegian "no"). */
const LANGUAGE_KEYS: Record<string, string> = { en: "en", sv: "sv", nb: "no", no: "no", zh: "zh" };

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("sales");
  const money = useFormatMoney();
  const kindLabel = useSignalKindLabel();
  const languageName = (language: string) => (LANGUAGE_KEYS[language] ? t(`insights.languages.${LANGUAGE_KEYS[language]}`) : language);
  const newLeads = data.leadsPerWeek.reduce((sum, w) => sum + w.leads, 0);
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>{t("insights.title")}</h1>
          <p className="muted">{t("insights.intro")}</p>
        </div>
        <p className="inline-form"><Link to="/ideas">{t("insights.ideas")}</Link><Link to="/roadmap">{t("insights.roadmap")}</Link></p>
      </div>
      <section className="card chart-grid-2" aria-label={t("insights.topIdeas")}>
        {data.topIdeasByVotes.length ? (
          <div>
            <HorizontalBarChart title={t("insights.byVotes")} bars={data.topIdeasByVotes.map((i) => ({ label: i.title, value: i.votes }))} />
            <IdeaLinks ideas={data.topIdeasByVotes.map((i) => ({ ...i, figure: t("insights.votes", { count: i.votes }) }))} />
          </div>
        ) : (
          <EmptyChart title={t("insights.byVotes")} text={t("insights.noVotes")} />
        )}
        {data.topIdeasByRevenue.length ? (
          <div>
            <HorizontalBarChart title={t("insights.byRevenue")} format={money} bars={data.topIdeasByRevenue.map((i) => ({ label: i.title, value: i.revenue }))} />
            <IdeaLinks ideas={data.topIdeasByRevenue.map((i) => ({ ...i, figure: money(i.revenue) }))} />
          </div>
        ) : (
          <EmptyChart title={t("insights.byRevenue")} text={t("insights.noRevenue")} />
        )}
      </section>
      <section className="card chart-grid-2" aria-label={t("insights.leadsAndSignals")}>
        <div>
          <DailyBarChart title={t("insights.leadsPerWeek")} per="week" points={data.leadsPerWeek.map((w) => ({ day: w.week, value: w.leads }))} />
          {newLeads === 0 ? <p className="empty small">{t("insights.noNewLeads")}</p> : null}
        </div>
        {data.signalsByKind.length ? (
          <HorizontalBarChart title={t("insights.byKind")} bars={data.signalsByKind.map((s) => ({ label: kindLabel(s.kind), value: s.count }))} />
        ) : (
          <EmptyChart title={t("insights.byKind")} text={t("insights.noSignals")} />
        )}
        {data.signalsByLanguage.length ? (
          <HorizontalBarChart title={t("insights.byLanguage")} bars={data.signalsByLanguage.map((s) => ({ label: languageName(s.language), value: s.count }))} />
        ) : (
          <EmptyChart title={t("insights.byLanguage")} text={t("insights.noSignals")} />
        )}
      </section>
    </div>
  );
}

/** The ranked ideas as links, under their chart (a chart's bars are a picture, not links). */
function IdeaLinks({ ideas }: { ideas: { threadId: number; title: string; figure: string }[] }) {
  const { t } = useTranslation("sales");
  return (
    <details className="chart-links">
      <summary>{t("insights.openIdeas")}</summary>
      <ol className="small">
        {ideas.map((i) => <li key={i.threadId}><Link to={`/ideas/${i.threadId}`}>{i.title}</Link> <span className="muted">· {i.figure}</span></li>)}
      </ol>
    </details>
  );
}

function EmptyChart({ title, text }: { title: string; text: string }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <p className="empty">{text}</p>
    </figure>
  );
}
