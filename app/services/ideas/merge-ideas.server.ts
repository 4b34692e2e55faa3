import type { ServiceContext } from "../context";
import { ensure, type Actor } from "../guardian";
import { mergeThreads } from "../moderation/thread-moderation.server";

/**
 * Product managers merge duplicate ideas from the board: votes move over once per person,
 * followers and evidence with them, and the merged idea redirects to the survivor.
 */
export async function mergeIdea(ctx: ServiceContext, actor: Actor | null, threadId: unknown, input: unknown) {
  ensure(actor, "ideas.merge");
  return mergeThreads(ctx, actor!, threadId, input, { ideasOnly: true });
}
