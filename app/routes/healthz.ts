import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { jsonResponse } from "~/lib/http.server";

/**
 * For load balancers and monitors: 200 only when this node can serve, i.e. read the database
 * and publish live events to every node. A node whose realtime link is down still serves pages,
 * but its readers stop seeing replies live, which is worth an alert.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const db = await sql`select 1`.execute(context.app.db).then(
    () => "up" as const,
    (error: unknown) => {
      context.app.logger.warn("health check: database is down", { error: (error as Error).message });
      return "down" as const;
    },
  );
  const realtime = context.realtimeUp() ? ("up" as const) : ("down" as const);
  const ok = db === "up" && realtime === "up";
  return jsonResponse({ ok, db, realtime }, ok ? 200 : 503);
}
