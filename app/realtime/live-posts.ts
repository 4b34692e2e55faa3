/**
 * How a live thread page keeps its list of posts: from the page's render, from the socket and
 * from catch-up requests, in any order and with overlaps (the reader's own reply arrives both
 * through the redirect after posting and through the socket). Identity is the post id; the
 * order is the post number, which the server assigns under the thread's lock.
 */
export interface Numbered {
  id: number;
  number: number;
}

/** One list, each id once (a later list's copy wins), ordered by number. */
export function mergeById<P extends Numbered>(...lists: readonly (readonly P[])[]): P[] {
  const byId = new Map<number, P>();
  for (const list of lists) for (const post of list) byId.set(post.id, post);
  return [...byId.values()].sort((a, b) => a.number - b.number);
}

/** The highest post id in these lists, or 0: where the next catch-up starts. */
export function highestId(...lists: readonly (readonly Numbered[])[]): number {
  let highest = 0;
  for (const list of lists) for (const post of list) highest = Math.max(highest, post.id);
  return highest;
}
