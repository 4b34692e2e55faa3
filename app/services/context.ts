import type { Cookie } from "@remix-run/node";
import type { Db } from "../../db/index";
import type { JobQueue } from "../jobs/job-queue.server";
import type { Config } from "../lib/config.server";
import type { Logger } from "../lib/logger.server";
import type { RateLimits } from "../lib/rate-limits.server";
import type { EventBus } from "./events";

/**
 * What every service needs, built once by server.ts and handed to Remix through
 * getLoadContext (and to the socket server directly), so both share one pool.
 */
export interface AppContext {
  db: Db;
  config: Config;
  logger: Logger;
  sessionCookie: Cookie;
  events: EventBus;
  limits: RateLimits;
  /** Background work: enqueued in the transaction of the change that calls for it. */
  jobs: JobQueue;
}

/** What a service that writes community data needs: the database, where to announce it, and the job queue. */
export type ServiceContext = Pick<AppContext, "db" | "events" | "jobs">;

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** The client's address as Express sees it (behind a trusted proxy: X-Forwarded-For). */
    clientIp: string;
    /** Whether live events reach every node right now (the realtime layer's cluster link). */
    realtimeUp(): boolean;
    /** This response's Content-Security-Policy nonce, for the script tags the page renders. */
    cspNonce: string;
  }
}
