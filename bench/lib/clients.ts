import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/protocol";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A demo account's session cookie, from the API's login. */
export async function sessionCookie(baseUrl: string, handle: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ handle, password: "demo-password" }) });
  if (res.status !== 200) throw new Error(`login as ${handle}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/**
 * An anonymous reader in a thread's room, as a browser tab is: websocket transport, its own
 * connection, no reconnection (a dropped socket shows as a missing delivery, not a retry).
 * Resolves once `thread:join` is acknowledged; a refusal disconnects it.
 */
export async function joinedReader(url: string, threadId: number): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect_error", reject);
      socket.once("connect", () => {
        socket
          .timeout(10_000)
          .emitWithAck("thread:join", { threadId })
          .then((reply) => ("ok" in reply ? resolve() : reject(new Error(reply.error.message))), reject);
      });
    });
    return socket;
  } catch (error) {
    socket.disconnect();
    throw error;
  }
}
