import type { Server, Socket } from "socket.io";
import type { NotificationSignal } from "../services/events";
import type { ClientToServerEvents, ServerToClientEvents } from "./protocol";
import type { SocketData } from "./socket-identity.server";

/**
 * Server-to-server messages (through the adapter, to every other node). A batch of
 * notifications travels as one message and each node delivers it to its own sockets.
 */
export interface InterServerEvents {
  "notifications:deliver": (items: NotificationSignal[]) => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** One server-to-client event with its payload, as a value that can be passed around. */
export type OutgoingEvent = {
  [E in keyof ServerToClientEvents]: { name: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];
