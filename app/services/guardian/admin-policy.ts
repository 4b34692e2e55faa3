import type { Role } from "../../../db/schema";
import { allow, deny, withRole, type Actor, type Decision } from "./types";
import { msg } from "../../lib/errors";

const adminsOnly = (actor: Actor | null) => withRole(actor, ["admin"], "admins");

/** Site administration: users, roles, companies, categories and API tokens. */
export const adminPolicy = {
  "admin.view": adminsOnly,
  "user.list": adminsOnly,
  "company.manage": adminsOnly,
  "category.manage": adminsOnly,
  "apiToken.manage": adminsOnly,

  /** Admins change roles, trust and company, but never demote themselves (no lock-out). */
  "user.update": (actor: Actor | null, target: { userId: number; role?: Role }): Decision => {
    const gate = adminsOnly(actor);
    if (!gate.allowed) return gate;
    if (actor!.id === target.userId && target.role !== undefined && target.role !== "admin") {
      return deny(msg("guardian.ownAdminRole"));
    }
    return allow();
  },

} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
