import type { PostView } from "../services/community/views";
import { mergeById } from "./live-posts";

/**
 * What a live thread page adds to what it rendered: posts that arrived since (by socket or by
 * catch-up), in-place changes to posts it shows, posts hidden since, and who is around. Pure, so
 * the page's behaviour is the reducer's and the hook only wires events to it.
 */
export type PostPatch = Partial<Pick<PostView, "html" | "editedAt" | "voteCount" | "revision" | "status">>;

export interface LiveThreadState {
  /** Posts not in the rendered page, each once. */
  arrived: PostView[];
  patches: Record<number, PostPatch>;
  removed: number[];
  /** Arrived posts to highlight. */
  fresh: number[];
  /** Arrived while the reader was scrolled away from the end, oldest first. */
  unseen: number[];
  presence: number | null;
  /** Handle → until when (ms since epoch) they count as replying. */
  typing: Record<string, number>;
  /** The thread was hidden from this reader: stop applying anything. */
  gone: boolean;
  threadVoteCount: number | null;
}

export const initialLiveThreadState: LiveThreadState = {
  arrived: [],
  patches: {},
  removed: [],
  fresh: [],
  unseen: [],
  presence: null,
  typing: {},
  gone: false,
  threadVoteCount: null,
};

export type LiveThreadAction =
  /** `shown`: ids the page already renders; `atEnd`: the reader can see the end of the list. */
  | { type: "arrived"; posts: PostView[]; shown: ReadonlySet<number>; atEnd: boolean; viewerId: number | null }
  | { type: "patched"; postId: number; patch: PostPatch }
  | { type: "removed"; postId: number }
  | { type: "page-rendered"; shown: ReadonlySet<number> }
  | { type: "seen" }
  | { type: "presence"; count: number }
  | { type: "typing"; handle: string; until: number }
  | { type: "typing-expired"; now: number }
  | { type: "thread-votes"; count: number }
  | { type: "gone" };

export function liveThreadReducer(state: LiveThreadState, action: LiveThreadAction): LiveThreadState {
  if (state.gone) return state;
  switch (action.type) {
    case "arrived": {
      const known = new Set([...action.shown, ...state.arrived.map((p) => p.id), ...state.removed]);
      const added = action.posts.filter((p) => !known.has(p.id));
      if (added.length === 0) return state;
      // One's own reply is never "new" to oneself, wherever one has scrolled.
      const othersIds = added.filter((p) => p.author.id !== action.viewerId).map((p) => p.id);
      // Whoever just posted is no longer "replying…".
      const posted = new Set(added.map((p) => p.author.handle));
      return {
        ...state,
        typing: Object.fromEntries(Object.entries(state.typing).filter(([handle]) => !posted.has(handle))),
        arrived: mergeById(state.arrived, added),
        fresh: [...state.fresh, ...added.map((p) => p.id)],
        unseen: action.atEnd ? state.unseen : [...state.unseen, ...othersIds],
      };
    }
    case "patched":
      return { ...state, patches: { ...state.patches, [action.postId]: { ...state.patches[action.postId], ...action.patch } } };
    case "removed":
      return {
        ...state,
        removed: state.removed.includes(action.postId) ? state.removed : [...state.removed, action.postId],
        unseen: state.unseen.filter((id) => id !== action.postId),
      };
    case "page-rendered": {
      // A fresh render (after posting, voting, revalidating) is newer than what it replaces:
      // posts it holds leave `arrived`, and their patches are dropped.
      const stale = (id: number) => action.shown.has(id);
      if (!state.arrived.some((p) => stale(p.id)) && !Object.keys(state.patches).some((id) => stale(Number(id)))) return state;
      const patches = Object.fromEntries(Object.entries(state.patches).filter(([id]) => !stale(Number(id))));
      return { ...state, arrived: state.arrived.filter((p) => !stale(p.id)), patches };
    }
    case "seen":
      return state.unseen.length === 0 ? state : { ...state, unseen: [] };
    case "presence":
      return { ...state, presence: action.count };
    case "typing":
      return { ...state, typing: { ...state.typing, [action.handle]: action.until } };
    case "typing-expired":
      return { ...state, typing: Object.fromEntries(Object.entries(state.typing).filter(([, until]) => until > action.now)) };
    case "thread-votes":
      return { ...state, threadVoteCount: action.count };
    case "gone":
      return { ...initialLiveThreadState, gone: true };
  }
}

/** The replies to render: the page's, then arrived ones, changes applied, removed ones left out. */
export function visibleReplies(pagePosts: readonly PostView[], state: LiveThreadState): PostView[] {
  const removed = new Set(state.removed);
  return mergeById(state.arrived, pagePosts)
    .filter((p) => !removed.has(p.id))
    .map((p) => applyPatch(p, state));
}

export function applyPatch<P extends PostView | null>(post: P, state: LiveThreadState): P {
  if (!post) return post;
  const patch = state.patches[post.id];
  return patch ? { ...post, ...patch } : post;
}
