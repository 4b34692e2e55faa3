import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { getThreadPage } from "~/services/community/thread-page.server";

/** The thread, then one page of replies: ?after=<post number> continues where `next` points. */
export const loader = apiLoader(async ({ request, context, params }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const page = await getThreadPage(context.app.db, await actorFor(request, context.app), params.id, query);
  // The opening post leads the first page; later pages carry only replies.
  const posts = !query.after && page.opening ? [page.opening, ...page.posts] : page.posts;
  return jsonResponse({ thread: page.thread, posts, accepted: page.accepted, next: page.next, viewer: page.viewer });
});

/** Writes are not accepted here. */
export const action = methodNotAllowed("GET");
