import type { AppContext } from "../services/context";
import type { DomainEvent, NotificationSignal } from "../services/events";
import type { PostTarget } from "../services/guardian/community-policy";
import { isDatabaseUnavailable } from "../lib/errors";
import { whileDatabaseRestarts } from "../lib/retry";
import { HARVEST_ROOM, STAFF_ROOM, threadRoom, userRoom } from "./protocol";
import type { OutgoingEvent, RealtimeServer } from "./server-types";
import { loadThreadFacts, targetOfPost, type ThreadFacts, type ThreadFanout } from "./thread-fanout.server";

type ThreadEvent = Exclude<DomainEvent, { type: "notifications" } | { type: "queue:changed" } | { type: "harvest:progress" }>;

/** The socket event for a domain event, and the post it is about when readers must be allowed to see that post. */
function toOutgoing(event: ThreadEvent, thread: ThreadFacts): { event: OutgoingEvent; post?: PostTarget } | null {
  switch (event.type) {
    case "post:created":
    case "post:updated":
      // A post held for review (or otherwise not visible) reaches only those the guardian lets
      // see it: its author and staff. The HTML is the stored, sanitized one.
      return {
        event: { name: event.type, payload: { threadId: event.threadId, postId: event.postId, post: event.post } },
        post: targetOfPost(event.post, thread),
      };
    case "post:hidden":
      return { event: { name: "post:hidden", payload: { threadId: event.threadId, postId: event.postId } } };
    case "vote:changed":
      return { event: { name: "vote:changed", payload: { threadId: event.threadId, postId: event.postId, voteCount: event.voteCount } } };
    case "answer:accepted":
      return { event: { name: "answer:accepted", payload: { threadId: event.threadId, postId: event.postId } } };
    case "thread:updated":
      return { event: { name: "thread:updated", payload: { threadId: event.threadId, changes: event.changes } } };
    default:
      // Event kinds added later reach sockets only once someone decides who may see them.
      return null;
  }
}

/** To this node's sockets only: each recipient's own room, each with its own unread count. */
export function deliverNotifications(io: RealtimeServer, items: NotificationSignal[]): void {
  for (const n of items) {
    io.local.to(userRoom(n.userId)).emit("notification", { notificationId: n.notificationId, kind: n.kind, unread: n.unread });
  }
}

/**
 * Subscribes this node's realtime layer to this node's event bus. Services publish after their
 * transaction commits; each event is fanned out through the adapter, so sockets on every node
 * get it once (every node relays only what its own services published).
 */
export function relayDomainEvents(deps: {
  io: RealtimeServer;
  app: Pick<AppContext, "db" | "events">;
  fanout: ThreadFanout;
  queue: { run(threadId: number, task: () => Promise<void>): Promise<void> };
  /** Sockets were removed from a thread's room (it was hidden from them): recount presence. */
  onRemoved: (threadId: number) => void;
  /** Hands a batch of notifications to the other nodes in one message (a no-op on one node). */
  shareNotifications: (items: NotificationSignal[]) => void;
}): () => void {
  const { io, app, fanout, queue } = deps;
  return app.events.subscribe((event) => {
    if (event.type === "notifications") {
      deliverNotifications(io, event.items);
      deps.shareNotifications(event.items);
      return;
    }
    if (event.type === "queue:changed") {
      // Staff sockets sit in the staff room from the handshake on (the guardian decides who).
      io.to(STAFF_ROOM).emit("queue:changed", { reason: event.reason });
      return;
    }
    if (event.type === "harvest:progress") {
      const { type: _type, ...progress } = event;
      io.to(HARVEST_ROOM).emit("harvest:progress", progress);
      return;
    }
    void queue.run(event.threadId, async () => {
      // The event is committed; only who may see it needs the database, so a restart delays
      // the fan-out instead of losing it. Still away after that: the room is told to catch up.
      const carried = event.type === "post:created" && event.thread ? { id: event.threadId, target: event.thread } : null;
      const thread = carried ?? await whileDatabaseRestarts(() => loadThreadFacts(app.db, event.threadId)).catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
        io.to(threadRoom(event.threadId)).emit("resync", { reason: "the database was unavailable" });
        return null;
      });
      const outgoing = thread && toOutgoing(event, thread);
      if (!thread || !outgoing) return;
      const { removed } = await fanout.send(thread, outgoing.event, { post: outgoing.post });
      if (removed > 0) deps.onRemoved(thread.id);
    });
  });
}
