import type { Db } from "../../../db/index";
import { toCsv } from "../../lib/csv";
import { listIdeas } from "../ideas/board.server";
import { ensure, type Actor } from "../guardian";
import { listLeads } from "./leads.server";

/** The lead list as a spreadsheet for a CRM import: one row per lead, its strongest quote. */
export async function leadsCsv(db: Db, actor: Actor | null): Promise<string> {
  ensure(actor, "leads.view");
  const { leads } = await listLeads(db, actor, { limit: 1000 });
  return toCsv(
    ["lead id", "score", "fit", "behaviour", "status", "handle", "email", "company", "plan", "annual revenue", "owner", "signals", "strongest quote", "quote link", "last signal at", "why"],
    leads.map((l) => {
      const strongest = [...l.signals].filter((s) => s.quote).sort((a, b) => b.strength - a.strength)[0];
      return [
        l.id,
        l.score,
        l.fit,
        l.behaviour,
        l.status,
        l.user.handle,
        l.user.email,
        l.company?.name ?? "",
        l.company?.plan ?? "",
        l.company?.annualRevenue ?? "",
        l.owner?.handle ?? "",
        l.signals.length,
        strongest?.quote ?? "",
        strongest?.url ?? "",
        l.lastSignalAt ?? "",
        l.explanation.map((e) => `${e.factor} ${e.points > 0 ? "+" : ""}${e.points}`).join("; "),
      ];
    }),
  );
}

/** The idea board as a spreadsheet (product managers). */
export async function ideasCsv(db: Db, actor: Actor | null): Promise<string> {
  ensure(actor, "ideas.manage");
  const { ideas } = await listIdeas(db, actor, { limit: 200 });
  return toCsv(
    ["idea id", "title", "status", "votes", "unique voters", "unique companies", "customer revenue", "customers", "prospects", "trials", "evidence", "link"],
    ideas.map((i) => [i.threadId, i.title, i.status, i.votes, i.uniqueVoters, i.uniqueCompanies, i.private?.revenue ?? "", i.private?.customers ?? "", i.private?.prospects ?? "", i.private?.trials ?? "", i.private?.evidence ?? "", i.url]),
  );
}
