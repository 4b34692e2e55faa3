import { withRole, type Actor, type Decision } from "./types";

/**
 * What the harvest learns about and from customers is for the people who act on it: product
 * managers (the idea board), sales (the lead list), admins (both, and their tuning). Members
 * and moderators never see leads: who is about to buy is not community business.
 */
export const insightPolicy = {
  /** The idea board's private side: revenue, prospects, candidate requests and their decisions. */
  "ideas.manage": (actor: Actor | null) => withRole(actor, ["product_manager", "admin"], "productManagers"),
  /** One topic, one idea: product managers, and moderators who already merge threads. */
  "ideas.merge": (actor: Actor | null) => withRole(actor, ["product_manager", "moderator", "admin"], "productManagersAndModerators"),
  "leads.view": (actor: Actor | null) => withRole(actor, ["sales", "admin"], "sales"),
  "leads.manage": (actor: Actor | null) => withRole(actor, ["sales", "admin"], "sales"),
  "leads.configure": (actor: Actor | null) => withRole(actor, ["admin"], "admins"),
  "insights.view": (actor: Actor | null) => withRole(actor, ["product_manager", "sales", "admin"], "productManagersAndSales"),
  /** The "try a sentence" tool for tuning the detectors. */
  "harvest.classify": (actor: Actor | null) => withRole(actor, ["product_manager", "sales", "admin"], "classifiers"),
  "webhooks.manage": (actor: Actor | null) => withRole(actor, ["admin"], "admins"),
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
