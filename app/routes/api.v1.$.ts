import { AppError, msg } from "~/lib/errors";
import { apiAction, apiLoader } from "~/lib/http.server";

const missing = async ({ request }: { request: Request }): Promise<Response> => {
  throw new AppError(404, "not_found", msg("http.unknownEndpoint", { method: request.method, path: new URL(request.url).pathname }));
};

/** Unknown /api/v1 paths answer in the API's JSON error format, not with the HTML 404 page. */
export const loader = apiLoader(missing);
export const action = apiAction({ POST: missing, PUT: missing, PATCH: missing, DELETE: missing });
