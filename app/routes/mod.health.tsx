import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DailyBarChart } from "~/components/chart";
import { useFormat } from "~/i18n/format";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { getCommunityHealth } from "~/services/moderation/health.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => getCommunityHealth(context.app.db, await actorFor(request, context.app)));
}

export default function CommunityHealthPage() {
  const health = useLoaderData<typeof loader>();
  const { t } = useTranslation("mod");
  const { number } = useFormat();
  const hours = (h: number | null) =>
    h === null ? t("health.none") : h < 1 ? t("health.minutes", { value: number(Math.round(h * 60)) }) : t("health.hours", { value: number(h) });
  return (
    <div className="stack">
      <h1>{t("health.title")}</h1>
      <div className="stat-grid">
        <div className="card stat"><strong data-testid="queue-size">{number(health.queueSize)}</strong><span>{t("health.queueSize")}</span></div>
        <div className="card stat"><strong>{hours(health.medianHoursToFirstReply)}</strong><span>{t("health.firstReply")}</span></div>
        <div className="card stat"><strong>{hours(health.medianHoursToAccepted)}</strong><span>{t("health.accepted")}</span></div>
        <div className="card stat"><strong>{number(health.unanswered.length)}</strong><span>{t("health.unansweredCount")}</span></div>
      </div>
      <section className="card chart-grid-2">
        <DailyBarChart title={t("health.questionsPerDay")} points={health.questionsPerDay} />
        <DailyBarChart title={t("health.firstReplyPerDay")} points={health.firstReplyHoursPerDay} unit={t("health.hourUnit")} />
        <DailyBarChart title={t("health.flagsPerDay")} points={health.flagsPerDay} />
      </section>
      <section className="card">
        <h2>{t("health.escalation")}</h2>
        {health.unanswered.length === 0 ? <p className="empty">{t("health.escalationEmpty")}</p> : null}
        <ul className="plain-list">
          {health.unanswered.map((u) => (
            <li key={u.id}><Link to={u.url}>{u.title}</Link> <span className="muted small">· {u.category} · {t("health.ageHours", { count: u.ageHours, hours: number(u.ageHours) })}</span></li>
          ))}
        </ul>
      </section>
    </div>
  );
}
