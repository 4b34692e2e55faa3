import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { KindBadge, RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { getPublicProfile } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { reinstateUser, setTrustLevel, silenceUser, suspendUser, warnUser } from "~/services/moderation/user-moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(data ? `@${data.user.handle}` : `@${metaT(matches)("auth:user.fallbackTitle")}`) },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const profile = await getPublicProfile(context.app.db, actor, params.handle ?? "");
    return { ...profile, canModerate: can(actor, "mod.users", { userId: profile.user.id, role: profile.user.role }) };
  });
}

/** Moderators act on a member from their profile: warn, silence, suspend, reinstate, trust. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { intent, days, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const { app } = context;
  const handle = params.handle ?? "";
  const t = tFor(await localeFor(request, app));
  // A whole number of days up to ten years; anything else leaves `until` out for the service to refuse (422).
  const dayCount = /^\d{1,4}$/.test(days ?? "") ? Math.min(3650, Math.max(1, Number(days))) : null;
  const until = dayCount === null ? undefined : new Date(Date.now() + dayCount * 86_400_000).toISOString();
  const result = await formAction(async () => {
    switch (intent) {
      case "warn":
        await warnUser(app, actor, handle, fields);
        return t("auth:moderate.warned");
      case "silence":
        await silenceUser(app.db, actor, handle, { ...fields, until });
        return t("auth:moderate.silenced");
      case "suspend":
        await suspendUser(app.db, actor, handle, { ...fields, until });
        return t("auth:moderate.suspended");
      case "reinstate":
        await reinstateUser(app.db, actor, handle);
        return t("auth:moderate.reinstated");
      case "trust":
        await setTrustLevel(app.db, actor, handle, fields);
        return t("auth:moderate.trustLevelSet");
      default:
        throw new Response(t("auth:moderate.unknownAction"), { status: 400 });
    }
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: result.value });
}

export default function PublicProfile() {
  const { user, stats, threads, canModerate } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const { t } = useTranslation("auth");
  return (
    <div className="stack">
      <section className="card">
        <h1>{`@${user.handle}`}</h1>
        <p className="muted">
          {t("user.summary", {
            date: user.createdAt.slice(0, 10),
            posts: t("user.posts", { count: stats.posts }),
            votes: t("user.votes", { count: stats.votes }),
            accepted: t("user.accepted", { count: stats.accepted }),
          })}
        </p>
        {user.suspendedUntil ? <p className="badge badge-danger">{t("user.suspendedUntil", { date: user.suspendedUntil.slice(0, 10) })}</p> : null}
        {user.silencedUntil ? <p className="badge badge-warn">{t("user.silencedUntil", { date: user.silencedUntil.slice(0, 10) })}</p> : null}
      </section>
      {canModerate ? (
        <section className="card mod-tools" aria-label={t("moderate.heading")}>
          <h2>{t("moderate.heading")}</h2>
          <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
          <Form method="post" className="inline-form">
            <input name="message" placeholder={t("moderate.warningPlaceholder")} aria-label={t("moderate.warningLabel")} maxLength={2000} required />
            <button type="submit" name="intent" value="warn" className="button button-small">{t("moderate.warn")}</button>
          </Form>
          <Form method="post" className="inline-form">
            <input name="reason" placeholder={t("moderate.reason")} aria-label={t("moderate.reason")} maxLength={500} required />
            <select name="days" defaultValue="7" aria-label={t("moderate.duration")}>
              {[1, 3, 7, 30, 365].map((d) => <option key={d} value={d}>{t("moderate.days", { count: d })}</option>)}
            </select>
            <button type="submit" name="intent" value="silence" className="button button-small button-ghost">{t("moderate.silence")}</button>
            <button type="submit" name="intent" value="suspend" className="button button-small button-danger">{t("moderate.suspend")}</button>
          </Form>
          <Form method="post" className="inline-form">
            <select name="level" defaultValue={user.trustLevel} aria-label={t("moderate.trustLevel")}>
              {[0, 1, 2, 3, 4].map((l) => <option key={l} value={l}>{t("moderate.trustLevelOption", { level: l })}</option>)}
            </select>
            <button type="submit" name="intent" value="trust" className="button button-small button-ghost">{t("moderate.setTrustLevel")}</button>
            {user.suspendedUntil || user.silencedUntil ? <button type="submit" name="intent" value="reinstate" className="button button-small">{t("moderate.reinstate")}</button> : null}
          </Form>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("user.threads")}</h2>
        {threads.length === 0 ? <p className="empty">{t("user.noThreads")}</p> : null}
        <ul className="plain-list">
          {threads.map((thread) => (
            <li key={thread.id}>
              <KindBadge kind={thread.kind} /> <Link to={thread.url}>{thread.title}</Link> <span className="muted small">· {t("user.replies", { count: thread.replies })} · <RelativeTime iso={thread.createdAt} /></span>
              {thread.solved ? <span className="badge badge-solved"> ✓</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
