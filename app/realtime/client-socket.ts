import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./protocol";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One Socket.IO connection per browser tab, shared by everything live on the page (the thread,
 * the header's unread count). It connects to the page's own origin, so the session cookie goes
 * along; websocket first, long-polling when a proxy refuses upgrades.
 */
let shared: { socket: LiveSocket; viewerId: number | null; users: number; idle?: ReturnType<typeof setTimeout> } | null = null;

/** Navigating from one thread to the next should not drop and reopen the connection. */
const LINGER_MS = 5_000;

function acquire(viewerId: number | null): LiveSocket {
  if (!shared) {
    const socket: LiveSocket = io({ transports: ["websocket", "polling"], tryAllTransports: true });
    // The server ends a socket whose access ended (logout elsewhere, suspension, a new role):
    // reconnect, so the handshake says who this page is now.
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1_000);
    });
    shared = { socket, viewerId, users: 0 };
  } else if (shared.viewerId !== viewerId) {
    // Logged in or out without a full page load: the handshake is what authenticates, so
    // reconnect with the new cookie. Everyone listening on "connect" joins again.
    shared.viewerId = viewerId;
    shared.socket.disconnect().connect();
  } else if (shared.socket.disconnected && shared.users === 0) {
    shared.socket.connect();
  }
  clearTimeout(shared.idle);
  shared.users++;
  return shared.socket;
}

function release(): void {
  if (!shared) return;
  shared.users--;
  if (shared.users > 0) return;
  const current = shared;
  current.idle = setTimeout(() => {
    if (current.users === 0) current.socket.disconnect();
  }, LINGER_MS);
}

/** The page's shared socket while the component is mounted (null during server rendering). */
export function useLiveSocket(viewerId: number | null, enabled = true): LiveSocket | null {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  useEffect(() => {
    if (!enabled) return;
    setSocket(acquire(viewerId));
    return () => {
      setSocket(null);
      release();
    };
  }, [viewerId, enabled]);
  return socket;
}
