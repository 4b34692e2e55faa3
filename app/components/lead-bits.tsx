import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { LeadSignalView, LeadView } from "~/services/leads/leads.server";
import { day, SignalKindBadge } from "./insight-bits";

/** A lead's statuses, in the order sales works them; labels come from the catalog (sales:status). */
export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost", "dismissed"] as const;

const PLANS = new Set(["prospect", "trial", "customer"]);

/** A lead status's label in the page's language (an unknown status as it is). */
export function useLeadStatusLabel(): (status: string) => string {
  const { t } = useTranslation("sales");
  return (status) => ((LEAD_STATUSES as readonly string[]).includes(status) ? t(`status.${status}`) : status);
}

/** A company plan's name in the page's language (an unknown plan as it is). */
export function planLabel(t: TFunction, plan: string): string {
  return PLANS.has(plan) ? t(`sales:plans.${plan}`) : plan;
}

export function usePlanLabel(): (plan: string) => string {
  const { t } = useTranslation("sales");
  return (plan) => planLabel(t, plan);
}

/** The status options of a lead, labelled in the page's language. */
export function LeadStatusOptions() {
  const label = useLeadStatusLabel();
  return (
    <>
      {LEAD_STATUSES.map((value) => (
        <option key={value} value={value}>{label(value)}</option>
      ))}
    </>
  );
}

export function LeadStatusBadge({ status }: { status: string }) {
  const label = useLeadStatusLabel();
  return <span className={`badge lead-${status}`}>{label(status)}</span>;
}

type ScoreLine = LeadView["explanation"][number];

const FACTORS: Record<string, string> = {
  plan: "plan",
  "company size": "companySize",
  "buying intent": "buyingIntent",
  "idea votes": "ideaVotes",
  "feature requests": "featureRequests",
  "burst of activity": "burst",
};

/**
 * The harvest stores each score line as English words with its figures in them (see
 * app/harvest/leads/score.ts). Its known shapes are read back into figures here, so the page can
 * say them in its own language; a line in a shape this does not know is shown as stored.
 */
function explainLine(line: ScoreLine, t: TFunction, number: (value: number) => string): { factor: string; detail: string } {
  const key = FACTORS[line.factor];
  const factor = key ? t(`sales:score.factors.${key}`) : line.factor;
  const d = line.detail;
  let m: RegExpMatchArray | null;
  let detail: string | null = null;
  if (d === "no company") detail = t("sales:score.details.noCompany");
  else if ((m = d.match(/^company on the (\w+) plan$/))) detail = t("sales:score.details.plan", { plan: planLabel(t, m[1]!) });
  else if ((m = d.match(/^annual revenue of at least ([\d,]+)$/))) detail = t("sales:score.details.revenue", { amount: number(Number(m[1]!.replaceAll(",", ""))) });
  else if ((m = d.match(/^(\d+) buying-intent signals?$/))) detail = t("sales:score.details.buyingIntent", { count: Number(m[1]) });
  else if ((m = d.match(/^(\d+) ideas? voted for while on (\w+)$/))) detail = t("sales:score.details.ideaVotes", { count: Number(m[1]), plan: planLabel(t, m[2]!) });
  else if ((m = d.match(/^(\d+) feature requests? while on (\w+)$/))) detail = t("sales:score.details.featureRequests", { count: Number(m[1]), plan: planLabel(t, m[2]!) });
  else if ((m = d.match(/^(\d+) posts within (\d+) days$/))) detail = t("sales:score.details.burst", { count: Number(m[1]), days: Number(m[2]) });
  return { factor, detail: detail ?? d };
}

/** Why a lead scores what it does: fit plus behaviour, then every line that counted. */
export function ScoreExplanation({ lead }: { lead: Pick<LeadView, "score" | "fit" | "behaviour" | "explanation"> }) {
  const { t } = useTranslation("sales");
  const { number } = useFormat();
  return (
    <div className="score-explanation">
      <p className="small">{t("score.sum", { fit: lead.fit, behaviour: lead.behaviour })}</p>
      <ul className="small score-lines">
        {lead.explanation.map((line, i) => {
          const { factor, detail } = explainLine(line, t, number);
          return (
            <li key={i}>
              <strong>{line.points > 0 ? "+" : ""}{line.points}</strong> {t("score.line", { factor })} <span className="muted">{detail}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A signal as evidence: what kind, the customer's words (or the idea voted for), and where. */
export function LeadSignal({ signal }: { signal: LeadSignalView }) {
  const { t } = useTranslation("sales");
  return (
    <li className="lead-signal" data-testid="lead-signal" data-kind={signal.kind}>
      <SignalKindBadge kind={signal.kind} />{" "}
      {signal.quote ? <q className="quote-inline">{signal.quote}</q> : signal.kind === "idea_vote" && signal.threadTitle ? t("signal.votedFor", { title: signal.threadTitle }) : null}{" "}
      <span className="muted small">
        {signal.url ? <><Link to={signal.url}>{signal.kind === "idea_vote" ? t("signal.idea") : t("signal.post")}</Link> · </> : null}
        {day(signal.occurredAt)}
      </span>
    </li>
  );
}
