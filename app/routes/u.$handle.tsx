import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { KindBadge, RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { getPublicProfile } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { reinstateUser, setTrustLevel, silenceUser, suspendUser, warnUser } from "~/services/moderation/user-moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `@${data?.user.handle ?? "member"} · Gleaner` }];

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
  const until = new Date(Date.now() + Math.max(1, Number(days) || 1) * 86_400_000).toISOString();
  const result = await formAction(async () => {
    switch (intent) {
      case "warn":
        await warnUser(app, actor, handle, fields);
        return "Warning sent.";
      case "silence":
        await silenceUser(app.db, actor, handle, { ...fields, until });
        return "Silenced.";
      case "suspend":
        await suspendUser(app.db, actor, handle, { ...fields, until });
        return "Suspended; their sessions have ended.";
      case "reinstate":
        await reinstateUser(app.db, actor, handle);
        return "Reinstated.";
      case "trust":
        await setTrustLevel(app.db, actor, handle, fields);
        return "Trust level set.";
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  });
  if (!result.ok) return jsonResponse(result.failure, result.status);
  return jsonResponse({ ok: true, message: result.value });
}

export default function PublicProfile() {
  const { user, stats, threads, canModerate } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  return (
    <div className="stack">
      <section className="card">
        <h1>@{user.handle}</h1>
        <p className="muted">Member since {user.createdAt.slice(0, 10)} · {stats.posts} posts · {stats.votes} votes received · {stats.accepted} accepted answers</p>
        {user.suspendedUntil ? <p className="badge badge-danger">Suspended until {user.suspendedUntil.slice(0, 10)}</p> : null}
        {user.silencedUntil ? <p className="badge badge-warn">Silenced until {user.silencedUntil.slice(0, 10)}</p> : null}
      </section>
      {canModerate ? (
        <section className="card mod-tools" aria-label="Moderator actions">
          <h2>Moderator actions</h2>
          <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
          <Form method="post" className="inline-form">
            <input name="message" placeholder="A private warning" aria-label="Warning" maxLength={2000} required />
            <button type="submit" name="intent" value="warn" className="button button-small">Warn</button>
          </Form>
          <Form method="post" className="inline-form">
            <input name="reason" placeholder="Reason" aria-label="Reason" maxLength={500} required />
            <select name="days" defaultValue="7" aria-label="For how long">
              {[1, 3, 7, 30, 365].map((d) => <option key={d} value={d}>{d} day{d === 1 ? "" : "s"}</option>)}
            </select>
            <button type="submit" name="intent" value="silence" className="button button-small button-ghost">Silence</button>
            <button type="submit" name="intent" value="suspend" className="button button-small button-danger">Suspend</button>
          </Form>
          <Form method="post" className="inline-form">
            <select name="level" defaultValue={user.trustLevel} aria-label="Trust level">
              {[0, 1, 2, 3, 4].map((l) => <option key={l} value={l}>Trust level {l}</option>)}
            </select>
            <button type="submit" name="intent" value="trust" className="button button-small button-ghost">Set trust level</button>
            {user.suspendedUntil || user.silencedUntil ? <button type="submit" name="intent" value="reinstate" className="button button-small">Reinstate</button> : null}
          </Form>
        </section>
      ) : null}
      <section className="card">
        <h2>Threads</h2>
        {threads.length === 0 ? <p className="empty">No threads yet.</p> : null}
        <ul className="plain-list">
          {threads.map((t) => (
            <li key={t.id}>
              <KindBadge kind={t.kind} /> <Link to={t.url}>{t.title}</Link> <span className="muted small">· {t.replies} replies · <RelativeTime iso={t.createdAt} /></span>
              {t.solved ? <span className="badge badge-solved"> ✓</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
