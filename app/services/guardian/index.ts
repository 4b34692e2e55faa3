import { AppError } from "../../lib/errors";
import { accountPolicy } from "./account-policy";
import { adminPolicy } from "./admin-policy";
import { communityPolicy } from "./community-policy";
import { insightPolicy } from "./insight-policy";
import { knowledgePolicy } from "./knowledge-policy";
import { moderationPolicy } from "./moderation-policy";
import type { Actor, Decision } from "./types";

export type { Actor, Decision } from "./types";
export { isSuspended } from "./types";

/**
 * The guardian: the one place that answers "may this actor do that to this target?". Every
 * loader, action, API endpoint and socket event asks it; nothing else tests roles. Rules are
 * split by domain into small policy files and composed here into one table.
 */
const rules = { ...accountPolicy, ...adminPolicy, ...communityPolicy, ...moderationPolicy, ...knowledgePolicy, ...insightPolicy };

type Rules = typeof rules;
export type Action = keyof Rules;
/** The target each action needs (void for actions about nothing in particular). */
export type TargetOf<A extends Action> = Parameters<Rules[A]>[1] extends infer T
  ? unknown extends T
    ? void
    : T
  : void;

type Rule = (actor: Actor | null, target: unknown) => Decision;

export const ACTIONS = Object.keys(rules) as Action[];

export function check<A extends Action>(actor: Actor | null, action: A, ...target: TargetArg<A>): Decision {
  const rule = rules[action] as Rule;
  return rule(actor, target[0]);
}

export function can<A extends Action>(actor: Actor | null, action: A, ...target: TargetArg<A>): boolean {
  return check(actor, action, ...target).allowed;
}

/** Throws 401 when logging in would help, 403 otherwise, with the rule's own reason. */
export function ensure<A extends Action>(actor: Actor | null, action: A, ...target: TargetArg<A>): void {
  const decision = check(actor, action, ...target);
  if (decision.allowed) return;
  if (decision.needsLogin) throw new AppError(401, "unauthorized", decision.message);
  throw new AppError(403, decision.suspended ? "suspended" : "forbidden", decision.message);
}

type TargetArg<A extends Action> = TargetOf<A> extends void ? [] : [target: TargetOf<A>];
