import { EventEmitter } from "node:events";
import type { ThreadTarget } from "./guardian/community-policy";

/**
 * Domain events, published by services after their transaction commits. The realtime layer
 * subscribes and fans them out to sockets (across nodes through the Socket.IO adapter); nothing
 * here knows about sockets. Posts carry their stored, sanitized HTML only.
 */
export interface PostPayload {
  id: number;
  threadId: number;
  number: number;
  author: { id: number; handle: string };
  html: string;
  status: string;
  replyToId: number | null;
  voteCount: number;
  createdAt: string;
  editedAt: string | null;
}

/** What a recipient's socket is told about a new notification. */
export interface NotificationSignal {
  userId: number;
  notificationId: number;
  kind: string;
  unread: number;
}

export type DomainEvent =
  /** `thread`: the thread's state when the post was committed, when the publisher knows it (saves a read). */
  | { type: "post:created"; threadId: number; postId: number; post: PostPayload; thread?: ThreadTarget }
  | { type: "post:updated"; threadId: number; postId: number; post: PostPayload }
  | { type: "post:hidden"; threadId: number; postId: number }
  | { type: "vote:changed"; threadId: number; postId: number | null; voteCount: number }
  | { type: "answer:accepted"; threadId: number; postId: number | null }
  | { type: "thread:updated"; threadId: number; changes: Record<string, unknown> }
  /**
   * The notifications one action created, as one event however many recipients: a reply to a
   * watched thread can notify hundreds, and one cluster message beats hundreds.
   */
  | { type: "notifications"; items: NotificationSignal[] }
  /** Something entered or left the review queue: moderators' queue pages refresh. */
  | { type: "queue:changed"; reason: "held" | "flagged" | "decided" }
  /** A harvest pass moved on: admins watching it see the figures live. */
  | { type: "harvest:progress"; runId: number; status: "running" | "done" | "failed"; processed: number; total: number; stats: Record<string, number> };

export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit("event", event),
    subscribe: (listener) => {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
  };
}
