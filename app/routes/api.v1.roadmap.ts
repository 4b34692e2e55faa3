import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { roadmap } from "~/services/ideas/board.server";

/** → {planned:[…], in_progress:[…], shipped:[…]}: the public roadmap (anyone) */
export const loader = apiLoader(async ({ context }) => jsonResponse(await roadmap(context.app.db)));

export const action = methodNotAllowed("GET");
