/**
 * The ceiling for bench/http.ts: a bare node:http server answering each path with the bytes
 * Gleaner answered it with (same status, same content type), read from BARE_PAGES (a JSON file
 * of path → {file, contentType}). No routing, no rendering, no database: what one Node.js
 * process on this machine can serve at most. Prints "ready <url>".
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const pages = JSON.parse(readFileSync(process.env.BARE_PAGES!, "utf8")) as Record<string, { file: string; contentType: string }>;
const bodies = new Map(Object.entries(pages).map(([p, page]) => [p, { body: readFileSync(page.file), contentType: page.contentType }]));

const server = http.createServer((req, res) => {
  const page = bodies.get(req.url ?? "/");
  if (!page) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "Content-Type": page.contentType, "Content-Length": page.body.length });
  res.end(page.body);
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`ready http://127.0.0.1:${port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
