import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useLiveSocket } from "~/realtime/client-socket";

/**
 * Keeps the review queue current while a moderator looks at it: when the server says the queue
 * changed (a post held, a flag, another moderator's decision), the page reloads its data, at
 * most once a second.
 */
export function useLiveQueue(viewerId: number | null): void {
  const socket = useLiveSocket(viewerId, viewerId !== null);
  const { revalidate } = useRevalidator();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (!socket) return;
    const onChange = () => {
      clearTimeout(timer.current);
      const wait = Math.max(0, last.current + 1_000 - Date.now());
      timer.current = setTimeout(() => {
        last.current = Date.now();
        revalidate();
      }, wait);
    };
    socket.on("queue:changed", onChange);
    return () => {
      socket.off("queue:changed", onChange);
      clearTimeout(timer.current);
    };
  }, [socket, revalidate]);
}
