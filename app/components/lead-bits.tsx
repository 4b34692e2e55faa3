import { Link } from "@remix-run/react";
import type { LeadSignalView, LeadView } from "~/services/leads/leads.server";
import { day, SignalKindBadge } from "./insight-bits";

export const LEAD_STATUS_LABELS: Record<string, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  won: "Won",
  lost: "Lost",
  dismissed: "Dismissed",
};

export function LeadStatusBadge({ status }: { status: string }) {
  return <span className={`badge lead-${status}`}>{LEAD_STATUS_LABELS[status] ?? status}</span>;
}

/** Why a lead scores what it does: fit plus behaviour, then every line that counted. */
export function ScoreExplanation({ lead }: { lead: Pick<LeadView, "score" | "fit" | "behaviour" | "explanation"> }) {
  return (
    <div className="score-explanation">
      <p className="small">
        fit {lead.fit} + behaviour {lead.behaviour}
      </p>
      <ul className="small score-lines">
        {lead.explanation.map((line, i) => (
          <li key={i}>
            <strong>{line.points > 0 ? "+" : ""}{line.points}</strong> {line.factor}: <span className="muted">{line.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A signal as evidence: what kind, the customer's words (or the idea voted for), and where. */
export function LeadSignal({ signal }: { signal: LeadSignalView }) {
  return (
    <li className="lead-signal" data-testid="lead-signal" data-kind={signal.kind}>
      <SignalKindBadge kind={signal.kind} />{" "}
      {signal.quote ? <q className="quote-inline">{signal.quote}</q> : signal.kind === "idea_vote" && signal.threadTitle ? <>voted for “{signal.threadTitle}”</> : null}{" "}
      <span className="muted small">
        {signal.url ? <><Link to={signal.url}>{signal.kind === "idea_vote" ? "idea" : "post"}</Link> · </> : null}
        {day(signal.occurredAt)}
      </span>
    </li>
  );
}
