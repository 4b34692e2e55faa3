import { createServer, type Server as HttpServer } from "node:http";
import net, { type AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { attachRealtime, type RealtimeOptions, type RealtimeServer } from "../realtime/socket-server";
import { forbidden, isAppError, msg, payloadTooLarge, type AppError } from "../lib/errors";
import { errorIn, errorLocaleFor } from "../lib/error-text.server";
import { requestScope } from "../lib/request-scope.server";
import type { AppContext } from "../services/context";
import { crossSiteRefusal } from "./origin-guard";
import { staticAssets } from "./static-assets";
import { anonymousConditionalGet } from "./conditional-get";
import { hostCheck, hostsFor, privateAnswers, securityHeaders } from "./security-headers";

/** Form posts to pages are small; API bodies have their own, tighter cap in readJson. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface AppServer {
  httpServer: HttpServer;
  io: RealtimeServer;
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops accepting connections, lets the requests in flight finish (for at most `graceMs`),
   * then disconnects every socket and closes whatever connections are left.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** How long requests in flight may take to finish once shutdown begins (SIGTERM). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** No request in flight for this long: the server has drained. */
const DRAIN_QUIET_MS = 300;
/** How long a stopping server still accepts (answering Connection: close) before closing its listener. */
const ACCEPT_HANDOFF_MS = 1_000;

/**
 * Counts requests in flight, and once shutdown has begun marks every answer `Connection: close`:
 * a keep-alive client would otherwise go on sending requests over its open connection to a
 * server that is trying to stop.
 */
function inFlightTracker() {
  let inFlight = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;
  return {
    middleware(_req: Request, res: Response, next: NextFunction) {
      inFlight++;
      if (draining) res.setHeader("Connection", "close");
      res.once("close", () => {
        inFlight--;
        if (inFlight === 0) onIdle?.();
      });
      next();
    },
    /**
     * Resolves once no request has been in flight for a short while, or after `ms`. The quiet
     * spell matters on a busy machine: a request already sent on an open connection may not be
     * parsed yet, and must not find its connection closed.
     */
    startDraining() {
      draining = true;
    },
    async drain(ms: number): Promise<void> {
      draining = true;
      const deadline = Date.now() + ms;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, deadline - Date.now());
            onIdle = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          onIdle = undefined;
          quietSince = Date.now();
          continue;
        }
        if (Date.now() - quietSince >= DRAIN_QUIET_MS) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function refuseCrossSite(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = crossSiteRefusal(
      {
        method: req.method,
        host: req.get("host"),
        protocol: req.protocol,
        origin: req.get("origin"),
        secFetchSite: req.get("sec-fetch-site"),
      },
      app.config.allowedOrigins,
    );
    if (!refusal) return next();
    void sendError(app, req, res, forbidden(refusal)).catch(next);
  };
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every write, whatever it is, spends from one per-address budget (generous: 600 a minute) under
 * the specific limits (posts, edits, flags, logins…): no endpoint is an unmetered way in.
 */
function writeFloor(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!WRITES.has(req.method)) return next();
    app.limits.consume("write", req.ip ?? "unknown").then(
      () => next(),
      (error: unknown) => {
        if (!isAppError(error)) return next(error);
        void sendError(app, req, res, error).catch(next);
      },
    );
  };
}

function capBodySize(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) {
      void sendError(app, req, res, payloadTooLarge(msg("http.bodyTooLarge", { max: MAX_BODY_BYTES }))).catch(next);
      return;
    }
    next();
  };
}

/** The request as the Fetch API sees it, for code that reads headers the Remix way. */
function fetchRequestOf(req: Request): () => globalThis.Request {
  let made: globalThis.Request | undefined;
  return () => {
    if (!made) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
      }
      made = new globalThis.Request(new URL(req.originalUrl, "http://gleaner.invalid"), { headers });
    }
    return made;
  };
}

/** A refusal made before Remix sees the request, in the API's format and the request's language. */
async function sendError(app: AppContext, req: Request, res: Response, error: AppError): Promise<void> {
  const { message } = errorIn(await errorLocaleFor(fetchRequestOf(req)(), app, error), error);
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res.status(error.status).json({ error: { code: error.code, message } });
}

/**
 * One HTTP server for Remix pages, the /api/v1 resource routes and Socket.IO. `build` is a
 * function so development can swap in a fresh build without dropping sockets.
 */
export function createAppServer(
  app: AppContext,
  build: ServerBuild | (() => Promise<ServerBuild>),
  options: { dev?: boolean; realtime?: RealtimeOptions } = {},
): AppServer {
  const web = express();
  const requests = inFlightTracker();
  let listeningHost = app.config.host;
  web.disable("x-powered-by");
  web.use(requests.middleware);
  // X-Forwarded-* are believed only from proxies TRUST_PROXY names (unset: none), or a client
  // could pick its own address (and rate-limit bucket) and scheme.
  web.set("trust proxy", app.config.trustProxy ?? false);
  web.use(hostCheck(() => hostsFor(listeningHost, app.config.allowedOrigins)));
  web.use(compression());
  web.use(securityHeaders({ hsts: app.config.isProduction && app.config.secureCookies, dev: options.dev ?? false }));
  web.use(privateAnswers);
  web.use(anonymousConditionalGet);
  // Fingerprinted client assets can be cached forever; public/'s own files for an hour. Pages
  // and API requests never touch the disk here.
  web.use(staticAssets("public", { dev: options.dev }));
  web.use(capBodySize(app));
  web.use(refuseCrossSite(app));
  web.use(writeFloor(app));
  // Pages and the API explain refusals in the reader's language: formAction and forPage find
  // the request (and the app) being answered here.
  web.use((req, _res, next) => requestScope.run({ app, request: fetchRequestOf(req) }, next));
  web.all(
    "*",
    createRequestHandler({
      build,
      // Development mode shows stack traces in the browser: only under `npm run dev`.
      mode: options.dev ? "development" : "production",
      getLoadContext: (req, res) => ({ app, clientIp: req.ip ?? "unknown", realtimeUp: () => realtime.isUp(), cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const httpServer = createServer(web);
  const trustFn = web.get("trust proxy fn") as (address: string, hop: number) => boolean;
  const realtime = attachRealtime(httpServer, app, { ...options.realtime, trustsProxy: (address) => trustFn(address, 0) });

  return {
    httpServer,
    io: realtime.io,
    listen: async (port, host) => {
      listeningHost = host;
      // Serve only once sockets can reach the other nodes (a Redis that never answers fails here).
      await realtime.ready;
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    close: async ({ graceMs = DEFAULT_SHUTDOWN_GRACE_MS } = {}) => {
      // First a moment of answering with Connection: close while still accepting: connections
      // a busy server had not accepted yet wait in the kernel's backlog, and closing the listener
      // would reset them, requests already sent and all.
      requests.startDraining();
      if (httpServer.listening) await new Promise((resolve) => setTimeout(resolve, Math.min(ACCEPT_HANDOFF_MS, graceMs / 10)));
      // Then no new connections. Not http.Server#close(), which also drops idle keep-alive
      // connections at once, even one whose next request is already on its way: those close
      // after their answer (Connection: close) or once the server has drained.
      const closed = httpServer.listening ? new Promise<void>((resolve) => net.Server.prototype.close.call(httpServer, () => resolve())) : Promise.resolve();
      await requests.drain(graceMs);
      httpServer.closeIdleConnections();
      // Then the sockets (told the server is going away) and the adapter's connections, and
      // whatever HTTP connection is still open past the grace period.
      await realtime.close();
      httpServer.closeAllConnections();
      // Every connection has been told to close; one that lingers must not keep the process up.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
