import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getModerationSettings, updateModerationSettings } from "~/services/moderation/settings.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "settings.manage");
    return { settings: await getModerationSettings(context.app.db) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await request.formData());
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => updateModerationSettings(context.app.db, actor, form));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: "Moderation settings saved." });
}

export default function ModerationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string; fields?: Record<string, string> }>();
  const errors = result?.fields ?? {};
  return (
    <section className="card narrow-left">
      <h1>Moderation settings</h1>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <Form method="post" noValidate>
        <Field label="Trust level needed to post without review" name="minTrustToPostFreely" type="number" min={0} max={4} defaultValue={settings.minTrustToPostFreely} error={errors.minTrustToPostFreely} hint="New members start at 0. With 1, their posts are held until they have read a while (or a moderator raises them)." />
        <div className="field">
          <label htmlFor="watched-words">Watched words</label>
          <textarea id="watched-words" name="watchedWords" rows={4} defaultValue={settings.watchedWords.join("\n")} />
          <p className="field-hint">One per line. A post containing one is held for review (whole words; Chinese by substring).</p>
        </div>
        <Field label="Trusted flags that hide a post" name="flagsToHide" type="number" min={1} max={50} defaultValue={settings.flagsToHide} error={errors.flagsToHide} />
        <Field label="Links that hold a post for review" name="linksToHold" type="number" min={1} max={100} defaultValue={settings.linksToHold} error={errors.linksToHold} />
        <fieldset className="fieldset">
          <legend>New members (trust level 0)</legend>
          <Field label="Threads per day" name="newUserThreadsPerDay" type="number" min={1} defaultValue={settings.newUserThreadsPerDay} error={errors.newUserThreadsPerDay} />
          <Field label="Replies per day" name="newUserRepliesPerDay" type="number" min={1} defaultValue={settings.newUserRepliesPerDay} error={errors.newUserRepliesPerDay} />
          <Field label="Links per post" name="newUserLinksPerPost" type="number" min={0} defaultValue={settings.newUserLinksPerPost} error={errors.newUserLinksPerPost} />
        </fieldset>
        <button type="submit" className="button">Save settings</button>
      </Form>
    </section>
  );
}
