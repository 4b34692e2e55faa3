import { threadRoom } from "./protocol";
import type { RealtimeServer } from "./server-types";
import type { ThreadFacts } from "./thread-fanout.server";

/**
 * "N reading": the number of sockets in a thread's room across all nodes. A burst of joins (a
 * link shared in chat) would otherwise recount the room once per join, so each node recounts a
 * thread at most once per `throttleMs`, after the burst has had a moment to land.
 */
export function presenceCounter(options: {
  io: RealtimeServer;
  throttleMs: number;
  /** Runs the recount in the thread's queue, so it is ordered with the thread's other events. */
  inThreadQueue: (threadId: number, task: () => Promise<void>) => void;
  loadThread: (threadId: number) => Promise<ThreadFacts | null>;
  send: (thread: ThreadFacts, count: number) => Promise<void>;
}) {
  const scheduled = new Map<number, NodeJS.Timeout>();
  let closed = false;

  const recount = (threadId: number) =>
    options.inThreadQueue(threadId, async () => {
      if (closed) return;
      const [sockets, thread] = await Promise.all([options.io.in(threadRoom(threadId)).fetchSockets(), options.loadThread(threadId)]);
      if (thread && sockets.length > 0) await options.send(thread, sockets.length);
    });

  return {
    schedule(threadId: number): void {
      if (closed || scheduled.has(threadId)) return;
      scheduled.set(
        threadId,
        setTimeout(() => {
          scheduled.delete(threadId);
          recount(threadId);
        }, options.throttleMs),
      );
    },
    close(): void {
      closed = true;
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
    },
  };
}
