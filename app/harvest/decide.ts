import type { ArticleStatus, HarvestSourcesView } from "../../db/schema";

/** What an article last took from its source thread (its row in kb_article_sources). */
export interface SyncedSource {
  signature: string;
  title: string;
  categoryId: number | null;
  answerPostId: number | null;
  questionRevision: number | null;
  answerRevision: number | null;
}

export interface ExistingArticle {
  id: number;
  status: ArticleStatus;
  /** A curator edited it (or merged into it): the harvest no longer rewrites it. */
  curated: boolean;
  /** Threads feeding it: more than one after a merge. */
  sourceCount: number;
  source: SyncedSource;
}

export type HarvestDecision =
  /** A new draft from this thread. */
  | { action: "create" }
  /** A draft nobody has edited follows its source: recomposed, a new harvest revision. */
  | { action: "refresh"; reopen: boolean }
  /** A curated or published article is never changed silently: it asks for review, with reasons. */
  | { action: "flag"; reasons: string[] }
  /** A draft nobody has edited whose source no longer holds an answer: archived, with reasons. */
  | { action: "archive"; reasons: string[] }
  /** Nothing to change in the article; the source's new state is remembered. */
  | { action: "sync"; why: string }
  | { action: "skip"; why: string };

/** A thread the knowledge base may take an article from: a visible question with a visible accepted answer. */
export function isEligible(source: HarvestSourcesView): boolean {
  return (
    source.kind === "question" &&
    source.accepted_post_id !== null &&
    source.answer_status === "visible" &&
    source.question_status === "visible" &&
    !source.thread_hidden &&
    !source.awaiting_approval &&
    source.merged_into_id === null
  );
}

/** What changed in the source since the article took it, in words a curator reads. */
export function changeReasons(now: HarvestSourcesView, synced: SyncedSource): string[] {
  const reasons: string[] = [];
  if (now.merged_into_id !== null) reasons.push(`the thread was merged into thread #${now.merged_into_id}`);
  if (now.thread_hidden) reasons.push("the thread was hidden");
  if (now.awaiting_approval) reasons.push("the question is waiting for moderation");
  if (now.accepted_post_id === null) reasons.push("the accepted answer was removed");
  else if (now.accepted_post_id !== synced.answerPostId) reasons.push("a different answer was accepted");
  else {
    if (now.answer_status !== "visible") reasons.push("the accepted answer was hidden");
    if (now.answer_revision !== synced.answerRevision) reasons.push("the accepted answer was edited");
  }
  if (now.question_status !== "visible") reasons.push("the question was hidden");
  if (now.question_revision !== synced.questionRevision) reasons.push("the question was edited");
  if (now.title !== synced.title) reasons.push("the question's title changed");
  if (now.category_id !== synced.categoryId) reasons.push("the thread moved to another category");
  return reasons.length > 0 ? reasons : ["the source thread changed"];
}

/**
 * The one rule of the harvest, for one thread: what to do to its article given the thread as it
 * is now. Pure, so every case is a unit test; running it twice on the same state gives "skip".
 */
export function decide(now: HarvestSourcesView, existing: ExistingArticle | null): HarvestDecision {
  const eligible = isEligible(now);
  if (!existing) return eligible ? { action: "create" } : { action: "skip", why: "no accepted answer to harvest" };
  if (existing.source.signature === now.signature) return { action: "skip", why: "unchanged" };
  if (existing.status === "rejected") return { action: "sync", why: "a rejected article stays rejected" };
  if (existing.status === "archived") {
    if (!existing.curated && eligible) return { action: "refresh", reopen: true };
    return { action: "sync", why: "an archived article stays archived" };
  }
  const harvestOwned = !existing.curated && existing.sourceCount === 1 && (existing.status === "draft" || existing.status === "in_review");
  if (harvestOwned) return eligible ? { action: "refresh", reopen: false } : { action: "archive", reasons: changeReasons(now, existing.source) };
  return { action: "flag", reasons: changeReasons(now, existing.source) };
}
