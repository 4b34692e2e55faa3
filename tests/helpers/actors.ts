import type { Role } from "../../db/schema";
import type { Actor } from "../../app/services/guardian";

/** The cast of the permission matrix: one actor per role, plus anonymous and suspended. */
export const PERSONAS = ["anonymous", "member", "suspended", "moderator", "product_manager", "sales", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

let nextId = 100;

export function actorOf(persona: Persona): Actor | null {
  if (persona === "anonymous") return null;
  const role: Role = persona === "suspended" ? "member" : persona;
  return {
    id: nextId++,
    handle: persona,
    role,
    trustLevel: 1,
    companyId: null,
    suspendedUntil: persona === "suspended" ? new Date(Date.now() + 86_400_000) : null,
    suspensionReason: persona === "suspended" ? "spam" : null,
    silencedUntil: null,
    via: "session",
  };
}
