import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, type RefObject } from "react";
import type { PostView } from "../services/community/views";
import type { PostStatus } from "../../db/schema";
import { useLiveSocket } from "./client-socket";
import { highestId } from "./live-posts";
import { applyPatch, initialLiveThreadState, liveThreadReducer, visibleReplies } from "./live-thread-state";
import type { PostPayload, ServerToClientEvents } from "./protocol";

/** What the page tells the hook (all decided on the server while rendering). */
export interface LiveThreadOptions {
  threadId: number;
  /** Replies rendered on this page, in order. */
  pagePosts: PostView[];
  /** The opening post and the accepted answer copy: updated in place, never appended. */
  otherShown: (PostView | null)[];
  /** New replies belong on this page only when it is the last one. */
  isLastPage: boolean;
  viewer: {
    id: number | null;
    /** Staff keep hidden posts (marked) where readers see them disappear. */
    canSeeHidden: boolean;
    /** The guardian's answers for a new reply of one's own and of someone else. */
    mine: PostView["viewer"] | null;
    others: PostView["viewer"];
  };
}

export interface LiveThread {
  replies: PostView[];
  fresh: ReadonlySet<number>;
  /** Live edits and votes applied to a post shown outside the replies (opening, accepted). */
  withLiveChanges: <P extends PostView | null>(post: P) => P;
  /** Replies added since rendering (for the header's count). */
  addedCount: number;
  unseen: number;
  showUnseen: () => void;
  /** Put at the end of the replies: whether the reader sees it decides what counts as unseen. */
  endRef: RefObject<HTMLDivElement>;
  presence: number | null;
  /** Handles of who is replying right now (the page words it, in its language). */
  typing: string[];
  /** Call on composer input: tells the others "someone is replying", at most every 2 s. */
  notifyTyping: () => void;
  gone: boolean;
  threadVoteCount: number | null;
}

const TYPING_SHOWN_MS = 4_000;
const TYPING_SEND_INTERVAL_MS = 2_000;
const CATCH_UP_PAGE = 200;
/** A reader away for hours does not need thousands of posts pushed in: past this, reload. */
const CATCH_UP_MAX_PAGES = 5;

/**
 * Keeps a thread page live: joins `thread:<id>` while mounted, applies what the server pushes,
 * and after every (re)connect fetches the posts it may have missed, merged by id, so a reader
 * who lost the connection for a minute still sees every reply once and in order. Writes stay on
 * HTTP; without JavaScript the page is the plain rendered one.
 *
 * The page renders it under `key={threadId}`: another thread is a fresh start, not an update.
 */
export function useLiveThread(options: LiveThreadOptions): LiveThread {
  const { threadId, pagePosts, otherShown, viewer } = options;
  const [state, dispatch] = useReducer(liveThreadReducer, initialLiveThreadState);
  const socket = useLiveSocket(viewer.id);
  const revalidator = useRevalidator();
  const endRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);

  // The latest render's facts, for socket handlers registered once per thread.
  const latest = useRef({ options, shown: new Set<number>(), revalidate: revalidator.revalidate });
  const shownIds = [...pagePosts, ...otherShown].filter((p): p is PostView => p !== null).map((p) => p.id);
  const shownKey = shownIds.join(",");
  // Keyed by the ids, not the arrays: a re-render with the same posts is not a new page.
  const shown = useMemo(() => new Set(shownIds), [shownKey]); // eslint-disable-line react-hooks/exhaustive-deps
  latest.current = { options, shown, revalidate: revalidator.revalidate };

  /**
   * Where catch-up starts: the highest id the server has confirmed to this page by HTTP (the
   * render, earlier catch-ups). Not the highest id seen on the socket: events from several
   * nodes may arrive out of order, and a post pushed while an older one was still in flight
   * must not move the cursor past the older one.
   */
  const syncedThrough = useRef(0);
  useEffect(() => {
    syncedThrough.current = Math.max(syncedThrough.current, highestId([...shown].map((id) => ({ id, number: 0 }))));
    dispatch({ type: "page-rendered", shown });
  }, [shown]);

  const toView = useCallback((post: PostPayload): PostView => {
    const { viewer: v } = latest.current.options;
    return { ...post, status: post.status as PostStatus, revision: 1, viewer: (post.author.id === v.id ? v.mine : null) ?? v.others };
  }, []);

  useEffect(() => {
    if (!socket) return;
    const mine = (payload: { threadId: number }) => payload.threadId === threadId;
    const arrived = (posts: PostView[]) =>
      dispatch({ type: "arrived", posts: posts.filter((p) => p.number > 1), shown: latest.current.shown, atEnd: atEnd.current, viewerId: latest.current.options.viewer.id });

    const fetchMissed = async () => {
      for (let page = 0; page < CATCH_UP_MAX_PAGES; page++) {
        const res = await fetch(`/api/v1/threads/${threadId}/posts?afterId=${syncedThrough.current}&limit=${CATCH_UP_PAGE}`, { headers: { Accept: "application/json" } });
        if (!res.ok) return;
        const body = (await res.json()) as { posts: PostView[]; next: number | null };
        arrived(body.posts);
        syncedThrough.current = Math.max(syncedThrough.current, highestId(body.posts), body.next ?? 0);
        if (body.next === null) return;
      }
    };
    // One catch-up at a time; a reconnect during one asks for another right after it, since
    // the running one may have read before the gap.
    let running = false;
    let again = false;
    const catchUp = async () => {
      if (!latest.current.options.isLastPage) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await fetchMissed();
        } while (again);
      } catch {
        // Offline again: the next connect catches up.
      } finally {
        running = false;
      }
    };

    let joinedBefore = false;
    const join = () => {
      socket
        .timeout(5_000)
        .emitWithAck("thread:join", { threadId })
        .then((reply) => {
          if (!("ok" in reply)) return;
          // Joined first, then fetched: whatever is committed after the fetch's read comes by socket.
          void catchUp();
          // After a reconnect the page's own data may be stale too: a post approved meanwhile
          // has an older id than the catch-up asks for, and counts or the accepted answer may
          // have moved. Reloading the loader data brings those back.
          if (joinedBefore) refreshSoon();
          joinedBefore = true;
        })
        .catch(() => undefined);
    };

    let revalidateTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
      clearTimeout(revalidateTimer);
      revalidateTimer = setTimeout(() => latest.current.revalidate(), 300);
    };

    const handlers: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } = {
      "post:created": (e) => {
        if (mine(e) && latest.current.options.isLastPage) arrived([toView(e.post)]);
      },
      "post:updated": (e) => {
        if (mine(e)) dispatch({ type: "patched", postId: e.postId, patch: { html: e.post.html, editedAt: e.post.editedAt, voteCount: e.post.voteCount } });
      },
      "post:hidden": (e) => {
        if (!mine(e)) return;
        if (latest.current.options.viewer.canSeeHidden) dispatch({ type: "patched", postId: e.postId, patch: { status: "hidden" } });
        else dispatch({ type: "removed", postId: e.postId });
      },
      "vote:changed": (e) => {
        if (!mine(e)) return;
        if (e.postId === null) dispatch({ type: "thread-votes", count: e.voteCount });
        else dispatch({ type: "patched", postId: e.postId, patch: { voteCount: e.voteCount } });
      },
      "answer:accepted": (e) => {
        if (mine(e)) refreshSoon();
      },
      "thread:updated": (e) => {
        if (!mine(e)) return;
        if (e.changes.hidden === true && !latest.current.options.viewer.canSeeHidden) dispatch({ type: "gone" });
        else refreshSoon();
      },
      presence: (e) => {
        if (mine(e)) dispatch({ type: "presence", count: e.count });
      },
      // The servers lost touch with each other for a while: fetch what may have been missed.
      resync: () => {
        void catchUp();
        refreshSoon();
      },
      typing: (e) => {
        if (!mine(e)) return;
        dispatch({ type: "typing", handle: e.user.handle, until: Date.now() + TYPING_SHOWN_MS });
        setTimeout(() => dispatch({ type: "typing-expired", now: Date.now() }), TYPING_SHOWN_MS + 50);
      },
    };

    // One loosely typed view of the socket for the loop; each handler above is checked against its event.
    const events = socket as unknown as { on(name: string, handler: unknown): void; off(name: string, handler: unknown): void };
    const entries = Object.entries(handlers);
    for (const [name, handler] of entries) events.on(name, handler);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      clearTimeout(revalidateTimer);
      for (const [name, handler] of entries) events.off(name, handler);
      socket.off("connect", join);
      if (socket.connected) socket.emit("thread:leave", { threadId }, () => undefined);
    };
  }, [socket, threadId, toView]);

  // "Scrolled away" means the end of the replies is out of view.
  useEffect(() => {
    const end = endRef.current;
    if (!end || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(([entry]) => {
      atEnd.current = entry?.isIntersecting ?? true;
      if (atEnd.current) dispatch({ type: "seen" });
    });
    observer.observe(end);
    return () => observer.disconnect();
  }, []);

  const lastTyping = useRef(0);
  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (!socket?.connected || now - lastTyping.current < TYPING_SEND_INTERVAL_MS) return;
    lastTyping.current = now;
    socket.emit("typing", { threadId });
  }, [socket, threadId]);

  const showUnseen = useCallback(() => {
    const first = state.unseen[0];
    if (first !== undefined) document.getElementById(`post-${first}`)?.scrollIntoView({ behavior: "smooth", block: "start" });
    dispatch({ type: "seen" });
  }, [state.unseen]);

  return {
    replies: useMemo(() => visibleReplies(pagePosts, state), [pagePosts, state]),
    fresh: useMemo(() => new Set(state.fresh), [state.fresh]),
    withLiveChanges: useCallback(<P extends PostView | null>(post: P) => applyPatch(post, state), [state]),
    addedCount: state.arrived.length,
    unseen: state.unseen.length,
    showUnseen,
    endRef,
    presence: state.presence,
    typing: useMemo(() => Object.keys(state.typing), [state.typing]),
    notifyTyping,
    gone: state.gone,
    threadVoteCount: state.threadVoteCount,
  };
}
