import type { BroadcastOperator } from "socket.io";
import type { Db } from "../../db/index";
import { selectThreads } from "../services/community/queries";
import { postTarget, threadTarget } from "../services/community/views";
import type { PostPayload } from "../services/events";
import { can } from "../services/guardian";
import type { PostTarget, ThreadTarget } from "../services/guardian/community-policy";
import { threadRoom, type ServerToClientEvents } from "./protocol";
import type { OutgoingEvent, RealtimeServer } from "./server-types";
import { actorFromSnapshot, type SocketData } from "./socket-identity.server";

/** What the guardian needs about a thread, read fresh for every event. */
export interface ThreadFacts {
  id: number;
  target: ThreadTarget;
}

export async function loadThreadFacts(db: Db, threadId: number): Promise<ThreadFacts | null> {
  const row = await selectThreads(db).where("threads.id", "=", threadId).executeTakeFirst();
  return row ? { id: row.id, target: threadTarget(row) } : null;
}

export const targetOfPost = (post: PostPayload, thread: ThreadFacts): PostTarget =>
  postTarget({ author_id: post.author.id, status: post.status as PostTarget["status"], number: post.number }, thread.target);

function emit(to: BroadcastOperator<ServerToClientEvents, SocketData>, event: OutgoingEvent): void {
  // The union of (name, payload) pairs is checked where OutgoingEvent values are built.
  (to.emit as (name: string, payload: unknown) => boolean)(event.name, event.payload);
}

/**
 * Sends thread events to the sockets that may see them, on every node.
 *
 * Joins are checked by the guardian, but visibility changes after a join (a thread hidden, a
 * post held for review), so membership of `thread:<id>` alone never decides. Each event is
 * judged against the thread as it is now in the database:
 *
 * - If an anonymous reader may see the thread (and the post), everybody may: the guardian's
 *   rules only ever add to what a signed-in user sees. One `io.to(room).emit` reaches all nodes.
 * - Otherwise (hidden, awaiting approval, a pending post…) the room's sockets are fetched from
 *   all nodes and each is asked about with its own actor. Those still allowed get the event;
 *   those who lost the thread are removed from the room (told `thread:updated {hidden:true}`
 *   when the event is the thread's own update), so nothing about the thread reaches them again
 *   even if they sat in the room by a race.
 */
export function threadFanout(io: RealtimeServer) {
  const everyoneMaySee = (thread: ThreadFacts, post: PostTarget | undefined) =>
    can(null, "thread.view", thread.target) && (!post || can(null, "post.view", post));

  return {
    async send(thread: ThreadFacts, event: OutgoingEvent, options: { post?: PostTarget; exceptSocketId?: string } = {}): Promise<{ removed: number }> {
      const room = threadRoom(thread.id);
      if (everyoneMaySee(thread, options.post)) {
        emit(options.exceptSocketId ? io.to(room).except(options.exceptSocketId) : io.to(room), event);
        return { removed: 0 };
      }
      const allowed: string[] = [];
      const lost: string[] = [];
      for (const socket of await io.in(room).fetchSockets()) {
        const actor = actorFromSnapshot(socket.data.viewer);
        if (!can(actor, "thread.view", thread.target)) lost.push(socket.id);
        else if (socket.id !== options.exceptSocketId && (!options.post || can(actor, "post.view", options.post))) allowed.push(socket.id);
      }
      // Each socket is in a room named by its id, so these reach exactly those sockets anywhere.
      if (allowed.length > 0) emit(io.to(allowed), event);
      if (lost.length > 0) {
        // Told once, with the change that took the thread away; a socket found again later
        // (its removal still on the way from another node, or a join that raced the hide)
        // is removed without a second notice.
        if (event.name === "thread:updated") io.to(lost).emit("thread:updated", { threadId: thread.id, changes: { hidden: true } });
        io.in(lost).socketsLeave(room);
      }
      return { removed: lost.length };
    },
  };
}

export type ThreadFanout = ReturnType<typeof threadFanout>;
