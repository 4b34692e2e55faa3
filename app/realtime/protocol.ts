/**
 * The Socket.IO contract (DESIGN.md §2 "Socket.IO"), shared by the server and the browser hook.
 * Types only, so the client bundle pulls in nothing from the server. Writes never travel over
 * the socket: clients post through HTTP and the socket only pushes what was committed.
 */
import type { PostPayload } from "../services/events";

export type { PostPayload };

/** Every acknowledgement: `{ok:true}` or an error shaped like the HTTP API's. */
export type AckReply = { ok: true } | { error: { code: string; message: string } };

export interface ThreadRef {
  threadId: number;
}

export interface ClientToServerEvents {
  "thread:join": (payload: ThreadRef, ack: (reply: AckReply) => void) => void;
  "thread:leave": (payload: ThreadRef, ack: (reply: AckReply) => void) => void;
  /** "I am writing a reply": fanned out to the others in the thread, rate-limited. */
  typing: (payload: ThreadRef) => void;
  /** A liveness probe for clients and monitors: who the server thinks you are. */
  health: (ack: (reply: { ok: true; user: { id: number; handle: string } | null }) => void) => void;
}

export interface PostEvent {
  threadId: number;
  postId: number;
  /** The stored, sanitized HTML and the post's public fields; never re-rendered. */
  post: PostPayload;
}

export interface ServerToClientEvents {
  "post:created": (payload: PostEvent) => void;
  "post:updated": (payload: PostEvent) => void;
  "post:hidden": (payload: { threadId: number; postId: number }) => void;
  /** `postId` null: the vote was for the thread itself (ideas). */
  "vote:changed": (payload: { threadId: number; postId: number | null; voteCount: number }) => void;
  /** `postId` null: the accepted answer was removed. */
  "answer:accepted": (payload: { threadId: number; postId: number | null }) => void;
  /**
   * Something about the thread changed. `changes.hidden === true` also tells a reader that the
   * thread is gone from their view: the server removes them from the room right after.
   */
  "thread:updated": (payload: { threadId: number; changes: Record<string, unknown> }) => void;
  typing: (payload: { threadId: number; user: { handle: string } }) => void;
  /** How many sockets are in the thread's room, across every node. */
  presence: (payload: { threadId: number; count: number }) => void;
  /** To `user:<id>` only: a new notification and the reader's unread count. */
  notification: (payload: { notificationId: number; kind: string; unread: number }) => void;
  /** To moderators only: something entered or left the review queue. */
  "queue:changed": (payload: { reason: string }) => void;
  /** To admins only: a harvest pass's progress and figures. */
  "harvest:progress": (payload: { runId: number; status: string; processed: number; total: number; stats: Record<string, number> }) => void;
  /**
   * The realtime layer may have lost events (its connection to the other nodes was cut and is
   * back): fetch what you show again (`GET /api/v1/threads/:id/posts?afterId=`, the unread count).
   */
  resync: (payload: { reason: string }) => void;
}

/**
 * Every event name, as values: the authorization matrix (tests/security) checks that each one has
 * a row saying who may send or receive it, so a new event cannot arrive unreviewed.
 */
export const CLIENT_EVENT_NAMES = ["thread:join", "thread:leave", "typing", "health"] as const satisfies readonly (keyof ClientToServerEvents)[];
export const SERVER_EVENT_NAMES = [
  "post:created",
  "post:updated",
  "post:hidden",
  "vote:changed",
  "answer:accepted",
  "thread:updated",
  "typing",
  "presence",
  "notification",
  "queue:changed",
  "harvest:progress",
  "resync",
] as const satisfies readonly (keyof ServerToClientEvents)[];
// Compile-time completeness: a name added to an interface but not to its list fails the build.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
export const EVENT_LISTS_COMPLETE: [Missing<keyof ClientToServerEvents, (typeof CLIENT_EVENT_NAMES)[number]>, Missing<keyof ServerToClientEvents, (typeof SERVER_EVENT_NAMES)[number]>] = [true, true];

export const threadRoom = (threadId: number) => `thread:${threadId}`;
export const userRoom = (userId: number) => `user:${userId}`;
/** Every socket of a moderator or admin: the review queue's live updates go here. */
export const STAFF_ROOM = "staff";
/** Every socket of someone who may run the harvest: its progress goes here. */
export const HARVEST_ROOM = "harvest";

/** What the server accepts as a thread id from a client: a positive safe integer, nothing else. */
export function parseThreadRef(payload: unknown): number | null {
  if (typeof payload !== "object" || payload === null) return null;
  const id = (payload as { threadId?: unknown }).threadId;
  // Ids are PostgreSQL integers: a larger number names no thread (and must not reach a query).
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? id : null;
}
