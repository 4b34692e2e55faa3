import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { deleteCannedReply, listCannedReplies, saveCannedReply } from "~/services/moderation/canned-replies.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ cannedReplies: await listCannedReplies(context.app.db, await actorFor(request, context.app)) }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    if (intent === "delete") await deleteCannedReply(context.app.db, actor, id);
    else await saveCannedReply(context.app.db, actor, id ? Number(id) : null, fields);
    return intent === "delete" ? "Deleted." : "Saved.";
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: result.value });
}

export default function CannedReplies() {
  const { cannedReplies } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  return (
    <div className="stack">
      <section className="card">
        <h1>Canned replies</h1>
        <p className="muted">Saved answers moderators insert into a reply from the thread page.</p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {cannedReplies.map((c) => (
          <Form method="post" key={c.id} className="canned-form">
            <input type="hidden" name="id" value={c.id} />
            <input name="title" defaultValue={c.title} aria-label="Title" maxLength={100} required />
            <textarea name="body" defaultValue={c.body} aria-label="Text" rows={3} maxLength={8000} required />
            <div className="inline-form">
              <button type="submit" name="intent" value="save" className="button button-small">Save</button>
              <button type="submit" name="intent" value="delete" className="button button-small button-danger">Delete</button>
            </div>
          </Form>
        ))}
      </section>
      <section className="card narrow-left">
        <h2>New canned reply</h2>
        <Form method="post" className="canned-form">
          <input name="title" placeholder="Title, e.g. Search first" aria-label="Title" maxLength={100} required />
          <textarea name="body" placeholder="The reply, in Markdown" aria-label="Text" rows={4} maxLength={8000} required />
          <button type="submit" name="intent" value="save" className="button">Add</button>
        </Form>
      </section>
    </div>
  );
}
