import { useEffect, useState } from "react";
import { useLiveSocket } from "~/realtime/client-socket";
import type { ServerToClientEvents } from "~/realtime/protocol";

/**
 * The header's unread badge: the count rendered by the root loader, then whatever the server
 * pushes to `user:<id>` as notifications arrive. A new render (after reading notifications)
 * wins again, so the badge never drifts from the database for long.
 */
export function LiveUnreadCount({ userId, unread }: { userId: number; unread: number }) {
  const [count, setCount] = useState(unread);
  useEffect(() => setCount(unread), [unread]);
  const socket = useLiveSocket(userId);
  useEffect(() => {
    if (!socket) return;
    const onNotification: ServerToClientEvents["notification"] = (n) => setCount(n.unread);
    // Notifications may have been missed while the servers lost touch: ask for the count.
    const onResync = () => {
      fetch("/api/v1/notifications?limit=1", { headers: { Accept: "application/json" } })
        .then((res) => (res.ok ? (res.json() as Promise<{ unread: number }>) : null))
        .then((body) => body && setCount(body.unread))
        .catch(() => undefined);
    };
    socket.on("notification", onNotification);
    socket.on("resync", onResync);
    return () => {
      socket.off("notification", onNotification);
      socket.off("resync", onResync);
    };
  }, [socket]);
  // Counts stop at 100 on the server (UNREAD_CAP): past 99 the badge says so.
  return count ? <span className="count" data-testid="unread-count">{count > 99 ? "99+" : count}</span> : null;
}
