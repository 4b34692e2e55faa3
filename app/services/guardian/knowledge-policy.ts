import type { ArticleStatus, Role } from "../../../db/schema";
import { activeUser, allow, deny, needsLogin, withRole, type Actor, type Decision } from "./types";
import { msg } from "../../lib/errors";

/** Moderators and admins curate the knowledge base: they already judge what the community says. */
const CURATORS: Role[] = ["moderator", "admin"];
const curatorsOnly = (actor: Actor | null) => withRole(actor, CURATORS, "curators");

export interface ArticleTarget {
  status: ArticleStatus;
}

/** The knowledge base and the harvest that fills it. */
export const knowledgePolicy = {
  /** Published articles are for everyone; drafts and the rest only for curators. */
  "kb.view": (actor: Actor | null, article: ArticleTarget): Decision => {
    if (article.status === "published") return allow();
    if (!actor) return needsLogin(msg("guardian.articleLogin"));
    return CURATORS.includes(actor.role) ? allow() : deny(msg("guardian.articleUnpublished"));
  },
  /** Drafts, review, publishing, edits, merges, and the knowledge page's figures. */
  "kb.curate": curatorsOnly,
  /** "Was this helpful?": anyone reading a published article, signed in or not (not while suspended). */
  "kb.feedback": (actor: Actor | null, article: ArticleTarget): Decision => {
    if (article.status !== "published") return deny(msg("guardian.feedbackPublishedOnly"));
    return actor ? activeUser(actor) : allow();
  },
  /** Starting a harvest pass and reading the passes' figures. */
  "harvest.run": (actor: Actor | null) => withRole(actor, ["admin"], "admins"),
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
