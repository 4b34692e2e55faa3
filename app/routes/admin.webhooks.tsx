import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { badRequest, msg } from "~/lib/errors";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { createWebhook, deleteWebhook, listWebhooks, setWebhookActive } from "~/services/webhooks/webhooks.server";
import { WEBHOOK_EVENTS } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("admin:webhooks.title"), t("admin:title")) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => listWebhooks(context.app.db, await actorFor(request, context.app)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { intent, id, url } = formToObject(form);
  const actor = await actorFor(request, context.app);
  const db = context.app.db;
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    // Who may manage webhooks comes before what was asked: a member's odd form is a 403, not a 400.
    ensure(actor, "webhooks.manage");
    switch (intent) {
      case "create": {
        const { secret } = await createWebhook(db, actor, { url, events: form.getAll("events").map(String) });
        return { message: t("admin:webhooks.created"), secret };
      }
      case "pause":
      case "resume":
        await setWebhookActive(db, actor, id, { active: intent === "resume" });
        return { message: t(intent === "resume" ? "admin:webhooks.resumed" : "admin:webhooks.paused") };
      case "delete":
        await deleteWebhook(db, actor, id);
        return { message: t("admin:webhooks.deleted") };
      default:
        throw badRequest(msg("webhook.chooseAction"));
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, intent, url }, result.status);
  return jsonResponse({ ok: true, intent, ...result.value });
}

type Result = { ok: boolean; message: string; intent?: string; secret?: string; url?: string; fields?: Record<string, string> };

/** The catalog key (admin:webhooks.eventHints) of what each event means. */
const EVENT_HINTS: Record<string, string> = {
  "lead.created": "leadCreated",
  "lead.qualified": "leadQualified",
  "idea.status_changed": "ideaStatusChanged",
};

const DELIVERY_STATUSES = new Set(["pending", "delivered", "failed"]);

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

export default function AdminWebhooks() {
  const { webhooks, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const createErrors = result && !result.ok && result.intent === "create" ? result.fields ?? {} : {};
  const { t } = useTranslation("admin");
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("webhooks.title")}</h1>
        <p className="muted">
          <Trans t={t} i18nKey="webhooks.intro" components={{ code: <code>X-Gleaner-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</code> }} />
        </p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {result?.secret ? (
          <>
            <p><strong>{t("webhooks.secret")}</strong></p>
            <pre className="secret" data-testid="webhook-secret">{result.secret}</pre>
          </>
        ) : null}
        {webhooks.length === 0 ? (
          <p className="empty">{t("webhooks.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="webhooks">
              <thead><tr><th scope="col">{t("webhooks.address")}</th><th scope="col">{t("webhooks.events")}</th><th scope="col">{t("webhooks.state")}</th><th scope="col">{t("webhooks.createdAt")}</th><th scope="col"><span className="visually-hidden">{t("webhooks.actions")}</span></th></tr></thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id}>
                    <td className="break"><code>{w.url}</code></td>
                    <td>{w.events.map((event, i) => <Fragment key={event}>{i ? ", " : null}<code>{event}</code></Fragment>)}</td>
                    <td>{w.active ? <span className="badge badge-solved">{t("webhooks.active")}</span> : <span className="badge">{t("webhooks.pausedState")}</span>}</td>
                    <td>{when(w.createdAt)}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="id" value={w.id} />
                        <button type="submit" name="intent" value={w.active ? "pause" : "resume"} className="button button-small button-ghost">{w.active ? t("webhooks.pause") : t("webhooks.resume")}</button>
                        <button type="submit" name="intent" value="delete" className="button button-small button-danger" aria-label={t("webhooks.deleteLabel", { url: w.url })}>{t("webhooks.delete")}</button>
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
        <h2>{t("webhooks.add")}</h2>
        <Form method="post" noValidate>
          <Field label={t("webhooks.address")} name="url" type="url" placeholder={t("webhooks.addressPlaceholder")} maxLength={500} defaultValue={result && !result.ok ? result.url : undefined} error={createErrors.url} />
          <fieldset className={`fieldset${createErrors.events ? " field-invalid" : ""}`} aria-describedby={createErrors.events ? "events-error" : undefined}>
            <legend>{t("webhooks.events")}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="check-row">
                <input type="checkbox" name="events" value={event} defaultChecked /> <code>{event}</code> {EVENT_HINTS[event] ? <span className="muted small">{t(`webhooks.eventHints.${EVENT_HINTS[event]}`)}</span> : null}
              </label>
            ))}
            {createErrors.events ? <p className="field-error" id="events-error" role="alert">{createErrors.events}</p> : null}
          </fieldset>
          <button type="submit" name="intent" value="create" className="button">{t("webhooks.addButton")}</button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("webhooks.log")}</h2>
        {deliveries.length === 0 ? (
          <p className="empty">{t("webhooks.logEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="deliveries">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("webhooks.event")}</th>
                  <th scope="col">{t("webhooks.address")}</th>
                  <th scope="col">{t("webhooks.status")}</th>
                  <th scope="col" className="num">{t("webhooks.attempts")}</th>
                  <th scope="col">{t("webhooks.lastAnswer")}</th>
                  <th scope="col">{t("webhooks.queued")}</th>
                  <th scope="col">{t("webhooks.delivered")}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{d.id}</td>
                    <td><code>{d.event}</code></td>
                    <td className="break"><code>{d.url}</code></td>
                    <td><span className={`badge delivery-${d.status}`}>{DELIVERY_STATUSES.has(d.status) ? t(`webhooks.deliveryStatuses.${d.status}`) : d.status}</span></td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.lastStatus !== null ? t("webhooks.http", { status: d.lastStatus }) : ""}{d.lastError ? <span className="small muted">{d.lastStatus !== null ? " · " : ""}{d.lastError}</span> : d.lastStatus === null ? "—" : null}</td>
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
