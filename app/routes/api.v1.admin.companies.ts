import { apiAction, apiLoader, jsonResponse, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { createCompany, listCompanies } from "~/services/companies.server";

export const loader = apiLoader(async ({ request, context }) => {
  return jsonResponse({ companies: await listCompanies(context.app.db, await actorFor(request, context.app)) });
});

export const action = apiAction({
  /** {name, domain?, plan, annualRevenue?} → 201 {company:{id}}; 409 on a taken name or domain. */
  POST: async ({ request, context }) => {
    const actor = await actorFor(request, context.app);
    const company = await createCompany(context.app.db, actor, await readJson(request));
    return jsonResponse({ company }, 201);
  },
});
