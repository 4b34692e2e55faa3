import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { AckReply, ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/protocol";
import type { ApiClient } from "./http";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * A real socket.io-client connection for tests: logged in as the ApiClient's session (its
 * cookie), or anonymous, and recording every event it gets. No automatic reconnection: tests
 * that reconnect say so.
 */
export interface TestSocket {
  socket: ClientSocket;
  received: Received[];
  /** The first event of that name (matching `where`) not yet claimed by an earlier call, waiting for it if needed. */
  next<T = Record<string, unknown>>(name: string, where?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  join(threadId: number): Promise<AckReply>;
  leave(threadId: number): Promise<AckReply>;
  /** A round trip on this connection: everything the server sent before it has arrived. */
  flush(): Promise<void>;
  close(): void;
}

const sockets = new Set<ClientSocket>();

export function openSocket(baseUrl: string, options: { as?: ApiClient; headers?: Record<string, string> } & Partial<ManagerOptions & SocketOptions> = {}): TestSocket {
  const { as, headers, ...rest } = options;
  const socket: ClientSocket = io(baseUrl, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { ...(as?.cookieHeader ? { Cookie: as.cookieHeader } : {}), ...headers },
    ...rest,
  });
  sockets.add(socket);
  const received: Received[] = [];
  socket.onAny((name: string, payload: Record<string, unknown>) => received.push({ name, payload }));
  // Each received event satisfies one `next` at most; unclaimed ones stay for later calls.
  const claimed = new Set<number>();
  return {
    socket,
    received,
    next<T>(name: string, where: (payload: T) => boolean = () => true, timeoutMs = 3_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          for (let i = 0; i < received.length; i++) {
            const r = received[i]!;
            if (!claimed.has(i) && r.name === name && where(r.payload as T)) {
              claimed.add(i);
              cleanup();
              resolve(r.payload as T);
              return true;
            }
          }
          return false;
        };
        const onEvent = () => void check();
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no "${name}" within ${timeoutMs} ms; got ${received.map((r) => r.name).join(", ") || "nothing"}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          socket.offAny(onEvent);
        };
        if (check()) return;
        socket.onAny(onEvent);
      });
    },
    join: (threadId) => socket.timeout(5_000).emitWithAck("thread:join", { threadId }),
    leave: (threadId) => socket.timeout(5_000).emitWithAck("thread:leave", { threadId }),
    flush: async () => {
      await socket.timeout(5_000).emitWithAck("health");
    },
    close: () => {
      socket.disconnect();
      sockets.delete(socket);
    },
  };
}

/** Resolves once connected; rejects with the server's refusal. */
export function connected(s: TestSocket, timeoutMs = 5_000): Promise<void> {
  if (s.socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("not connected in time")), timeoutMs);
    s.socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    s.socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** For afterAll: whatever a failed test left open. */
export function closeAllSockets(): void {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
}

/** Polls a condition (for state that has no event, such as cluster membership). */
export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
