/**
 * The ceiling for bench/fanout.ts: a bare Socket.IO server (no adapter, no database, no
 * identity, no rate limits) that joins readers to a thread's room like Gleaner's
 * `thread:join`, and on `POST /broadcast` emits `post:created` with the same payload Gleaner
 * sent (BARE_PAYLOAD, a JSON file) to that room. What broadcasting that payload to N sockets
 * costs on this machine at the least. Prints "ready <url>"; stops on SIGTERM.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { Server } from "socket.io";

const template = JSON.parse(readFileSync(process.env.BARE_PAYLOAD!, "utf8")) as { threadId: number; post: Record<string, unknown> };
const httpServer = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const { threadId, number } = JSON.parse(body) as { threadId: number; number: number };
    io.to(`thread:${threadId}`).emit("post:created", { ...template, threadId, post: { ...template.post, number } });
    res.writeHead(201, { "Content-Type": "application/json" }).end("{}");
  });
});
const io = new Server(httpServer, { transports: ["websocket"] });
io.on("connection", (socket) => {
  socket.on("thread:join", (payload: { threadId: number }, ack: (reply: { ok: true }) => void) => {
    void socket.join(`thread:${payload.threadId}`);
    ack({ ok: true });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  const { port } = httpServer.address() as { port: number };
  console.log(`ready http://127.0.0.1:${port}`);
});
process.once("SIGTERM", () => {
  void io.close();
  process.exit(0);
});
