import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { badRequest, msg } from "~/lib/errors";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { createWebhook, deleteWebhook, listWebhooks, setWebhookActive } from "~/services/webhooks/webhooks.server";
import { WEBHOOK_EVENTS } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Webhooks · Admin · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => listWebhooks(context.app.db, await actorFor(request, context.app)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { intent, id, url } = formToObject(form);
  const actor = await actorFor(request, context.app);
  const db = context.app.db;
  const result = await formAction(async () => {
    // Who may manage webhooks comes before what was asked: a member's odd form is a 403, not a 400.
    ensure(actor, "webhooks.manage");
    switch (intent) {
      case "create": {
        const { secret } = await createWebhook(db, actor, { url, events: form.getAll("events").map(String) });
        return { message: "Webhook created. Copy its signing secret now: it is not shown again.", secret };
      }
      case "pause":
      case "resume":
        await setWebhookActive(db, actor, id, { active: intent === "resume" });
        return { message: intent === "resume" ? "Webhook resumed." : "Webhook paused: nothing is sent to it until it is resumed." };
      case "delete":
        await deleteWebhook(db, actor, id);
        return { message: "Webhook deleted, with its delivery log." };
      default:
        throw badRequest(msg("webhook.chooseAction"));
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, intent, url }, result.status);
  return jsonResponse({ ok: true, intent, ...result.value });
}

type Result = { ok: boolean; message: string; intent?: string; secret?: string; url?: string; fields?: Record<string, string> };

const EVENT_HINTS: Record<string, string> = {
  "lead.created": "a harvest pass found a new lead",
  "lead.qualified": "sales marked a lead qualified",
  "idea.status_changed": "a product manager changed an idea's status",
};

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

export default function AdminWebhooks() {
  const { webhooks, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const createErrors = result && !result.ok && result.intent === "create" ? result.fields ?? {} : {};
  return (
    <div className="stack">
      <section className="card">
        <h1>Webhooks</h1>
        <p className="muted">
          Gleaner POSTs JSON to these addresses when something happens, signed with each webhook's secret: the header{" "}
          <code>X-Gleaner-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</code>. Receivers should check it and refuse old timestamps. A failed delivery is retried.
        </p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {result?.secret ? (
          <>
            <p><strong>Signing secret</strong></p>
            <pre className="secret" data-testid="webhook-secret">{result.secret}</pre>
          </>
        ) : null}
        {webhooks.length === 0 ? (
          <p className="empty">No webhooks yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="webhooks">
              <thead><tr><th scope="col">Address</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id}>
                    <td className="break"><code>{w.url}</code></td>
                    <td>{w.events.join(", ")}</td>
                    <td>{w.active ? <span className="badge badge-solved">active</span> : <span className="badge">paused</span>}</td>
                    <td>{when(w.createdAt)}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="id" value={w.id} />
                        <button type="submit" name="intent" value={w.active ? "pause" : "resume"} className="button button-small button-ghost">{w.active ? "Pause" : "Resume"}</button>
                        <button type="submit" name="intent" value="delete" className="button button-small button-danger" aria-label={`Delete the webhook to ${w.url}`}>Delete</button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card narrow-left">
        <h2>Add a webhook</h2>
        <Form method="post" noValidate>
          <Field label="Address" name="url" type="url" placeholder="https://crm.example.com/hooks/gleaner" maxLength={500} defaultValue={result && !result.ok ? result.url : undefined} error={createErrors.url} />
          <fieldset className={`fieldset${createErrors.events ? " field-invalid" : ""}`} aria-describedby={createErrors.events ? "events-error" : undefined}>
            <legend>Events</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="check-row">
                <input type="checkbox" name="events" value={event} defaultChecked /> <code>{event}</code> <span className="muted small">{EVENT_HINTS[event]}</span>
              </label>
            ))}
            {createErrors.events ? <p className="field-error" id="events-error" role="alert">{createErrors.events}</p> : null}
          </fieldset>
          <button type="submit" name="intent" value="create" className="button">Add webhook</button>
        </Form>
      </section>

      <section className="card">
        <h2>Delivery log</h2>
        {deliveries.length === 0 ? (
          <p className="empty">Nothing sent yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="deliveries">
              <thead>
                <tr><th scope="col">#</th><th scope="col">Event</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col" className="num">Attempts</th><th scope="col">Last answer</th><th scope="col">Queued</th><th scope="col">Delivered</th></tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{d.id}</td>
                    <td><code>{d.event}</code></td>
                    <td className="break">{d.url}</td>
                    <td><span className={`badge delivery-${d.status}`}>{d.status}</span></td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ""}{d.lastError ? <span className="small muted">{d.lastStatus !== null ? " · " : ""}{d.lastError}</span> : d.lastStatus === null ? "—" : null}</td>
                    <td>{when(d.createdAt)}</td>
                    <td>{when(d.deliveredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
