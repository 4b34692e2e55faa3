import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { jsonResponse } from "~/lib/http.server";

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    await sql`select 1`.execute(context.app.db);
    return jsonResponse({ ok: true, db: "up" });
  } catch (error) {
    context.app.logger.error("health check: database is down", { error });
    return jsonResponse({ ok: false, db: "down" }, 503);
  }
}
