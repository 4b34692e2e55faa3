import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { IDEA_STATUS_LABELS, RelativeTime } from "~/components/badges";
import { forPage } from "~/lib/pages.server";
import { jsonResponse } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listNotifications, markNotificationsRead, type NotificationView } from "~/services/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return listNotifications(context.app.db, await actorFor(request, context.app), params);
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return forPage(request, async () => {
    const unread = await markNotificationsRead(context.app.db, await actorFor(request, context.app), { all: true });
    return jsonResponse({ unread });
  });
}

function describe(n: NotificationView): string {
  const who = n.data.actor ? `@${String(n.data.actor)}` : "Someone";
  const title = `“${String(n.data.title ?? "a thread")}”`;
  switch (n.kind) {
    case "reply":
      return `${who} replied in ${title}`;
    case "mention":
      return `${who} mentioned you in ${title}`;
    case "accepted":
      return `${who} accepted your answer in ${title}`;
    case "idea_status":
      return `${title} is now ${IDEA_STATUS_LABELS[String(n.data.status)] ?? String(n.data.status)}${n.data.note ? `: ${String(n.data.note)}` : ""}`;
    case "warning":
      return `A moderator wrote to you: ${String(n.data.message ?? "")}`;
    case "post_approved":
      return `Your post in ${title} was approved and is now public`;
    case "post_rejected":
      return `Your post in ${title} was not approved${n.data.reason ? `: ${String(n.data.reason)}` : ""}`;
    case "kb_published":
      return `Your answer in ${title} is now a knowledge-base article: “${String(n.data.article ?? "")}”`;
  }
}

export default function Notifications() {
  const { notifications, unread, next } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <div className="section-head">
        <h1>Notifications</h1>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" className="button button-small button-ghost">Mark all read ({unread})</button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? <p className="empty">Nothing yet. Follow threads to hear about replies.</p> : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.read ? "is-read" : "is-unread"} data-testid="notification">
            {n.url ? <Link to={n.url}>{describe(n)}</Link> : describe(n)}
            <span className="muted small"> · <RelativeTime iso={n.createdAt} /></span>
          </li>
        ))}
      </ul>
      {next ? <p><Link to={`?before=${next}`}>Older →</Link></p> : null}
    </section>
  );
}
