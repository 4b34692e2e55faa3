import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "~/lib/csv";
import { apiLoader } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { leadsCsv } from "~/services/leads/export.server";

/** The lead list as CSV with a header row (sales, admins). */
export const loader = apiLoader(async ({ request, context }: LoaderFunctionArgs) => {
  return csvResponse("leads.csv", await leadsCsv(context.app.db, await actorFor(request, context.app)));
});
