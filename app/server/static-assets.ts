import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/**
 * Static files without a disk look-up on every request: `/build/*` (fingerprinted client assets,
 * cached for a year, immutable) and the top-level entries of public/ as they were at start-up
 * (favicon, robots.txt…, cached for an hour). Every other path (pages, the API) goes straight on
 * to Remix, where express.static in front of everything would stat public/ for each of them.
 * In development public/ is looked up on every request, so files added meanwhile are served.
 */
export function staticAssets(root = "public", options: { dev?: boolean } = {}): RequestHandler {
  const build = express.static(path.join(root, "build"), { immutable: true, maxAge: "1y", index: false });
  const rest = express.static(root, { maxAge: "1h" });
  const entries = new Set(existsSync(root) ? readdirSync(root).filter((name) => name !== "build") : []);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const url = req.url;
    if (url.startsWith("/build/")) {
      // As app.use("/build", …) would: the static handler sees the path below /build.
      req.url = url.slice("/build".length);
      return build(req, res, (error?: unknown) => {
        req.url = url;
        next(error);
      });
    }
    if (options.dev) return rest(req, res, next);
    const end = req.path.indexOf("/", 1);
    let first = req.path.slice(1, end < 0 ? undefined : end);
    try {
      first = decodeURIComponent(first);
    } catch {
      return next();
    }
    if (!entries.has(first)) return next();
    rest(req, res, next);
  };
}
