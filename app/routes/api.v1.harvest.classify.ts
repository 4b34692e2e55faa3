import { apiAction, jsonResponse, methodNotAllowed, readJson } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { classifyText } from "~/services/harvest/classify.server";

export const action = apiAction({
  /** {text} → {language, signals:[{kind,score,matched,quote}]}: the detectors on one text, nothing stored (admins, product managers, sales) */
  POST: async ({ request, context }) => {
    return jsonResponse(await classifyText(await actorFor(request, context.app), await readJson(request)));
  },
});

export const loader = methodNotAllowed("POST");
