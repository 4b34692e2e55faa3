import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { getKnowledgeSettings, updateKnowledgeSettings } from "~/services/knowledge/settings.server";
import { getModerationSettings, updateModerationSettings } from "~/services/moderation/settings.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "settings.manage");
    const [settings, knowledge] = await Promise.all([getModerationSettings(context.app.db), getKnowledgeSettings(context.app.db)]);
    return { settings, knowledge };
  });
}

/** Two forms on one page, told apart by `intent`: each saves its own settings. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, ...form } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const knowledge = intent === "knowledge";
  const result = await formAction<unknown>(() => (knowledge ? updateKnowledgeSettings(context.app.db, actor, form) : updateModerationSettings(context.app.db, actor, form)));
  const about = knowledge ? "knowledge" : "moderation";
  if (!result.ok) return jsonResponse({ ...result.failure, about }, result.status);
  return jsonResponse({ ok: true, about, message: knowledge ? "Knowledge-base settings saved." : "Moderation settings saved." });
}

type Result = { ok: boolean; about: "moderation" | "knowledge"; message: string; fields?: Record<string, string> };

export default function Settings() {
  return (
    <div className="stack">
      <h1>Settings</h1>
      <ModerationSettings />
      <KnowledgeSettings />
    </div>
  );
}

function KnowledgeSettings() {
  const { knowledge } = useLoaderData<typeof loader>();
  const data = useActionData<Result>();
  const result = data?.about === "knowledge" ? data : undefined;
  const errors = result?.fields ?? {};
  return (
    <section className="card narrow-left" aria-labelledby="knowledge-settings">
      <h2 id="knowledge-settings">Knowledge base</h2>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="knowledge" />
        <Field
          label="Days before a published article counts as stale"
          name="staleAfterDays"
          type="number"
          min={1}
          max={3650}
          defaultValue={knowledge.staleAfterDays}
          error={errors.staleAfterDays}
          hint="Articles not reviewed for this long are listed for curators to check again."
        />
        <button type="submit" className="button">Save knowledge-base settings</button>
      </Form>
    </section>
  );
}

function ModerationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<Result>();
  const result = data?.about === "moderation" ? data : undefined;
  const errors = result?.fields ?? {};
  return (
    <section className="card narrow-left" aria-labelledby="moderation-settings">
      <h2 id="moderation-settings">Moderation</h2>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="moderation" />
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
        <button type="submit" className="button">Save moderation settings</button>
      </Form>
    </section>
  );
}
