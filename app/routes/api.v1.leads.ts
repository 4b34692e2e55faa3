import { apiLoader, jsonResponse, methodNotAllowed } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listLeads } from "~/services/leads/leads.server";

/**
 * ?status=&plan=&owner=&minScore=&sort=score|recent|newest&limit=&offset= (sales, admins)
 * → {leads:[{id,score,fit,behaviour,explanation,status,user:{handle,email},company:{name,plan},owner,notes,signals:[{kind,quote,postId,threadId,url,strength}]}], next}
 */
export const loader = apiLoader(async ({ request, context }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return jsonResponse(await listLeads(context.app.db, await actorFor(request, context.app), params));
});

export const action = methodNotAllowed("GET");
