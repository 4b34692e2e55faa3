import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "~/lib/csv";
import { apiLoader } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { ideasCsv } from "~/services/leads/export.server";

/** The idea board as CSV with a header row (product managers, admins). */
export const loader = apiLoader(async ({ request, context }: LoaderFunctionArgs) => {
  return csvResponse("ideas.csv", await ideasCsv(context.app.db, await actorFor(request, context.app)));
});
