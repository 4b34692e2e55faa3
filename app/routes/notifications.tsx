import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { RelativeTime, useIdeaStatusLabel } from "~/components/badges";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { jsonResponse } from "~/lib/http.server";
import { actorFor } from "~/services/auth.server";
import { listNotifications, markNotificationsRead, type NotificationView } from "~/services/notifications.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("community:notifications.title")) }];

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

/** One line per notification; the names and titles inside are the community's own words. */
function describe(n: NotificationView, t: TFunction, statusLabel: (status: string) => string): string {
  const values = {
    who: n.data.actor ? `@${String(n.data.actor)}` : t("community:notifications.someone"),
    title: n.data.title ? String(n.data.title) : t("community:notifications.aThread"),
  };
  switch (n.kind) {
    case "reply":
    case "mention":
    case "accepted":
    case "post_approved":
      return t(`community:notifications.${n.kind}`, values);
    case "idea_status":
      return t(n.data.note ? "community:notifications.ideaStatusNote" : "community:notifications.ideaStatus", { ...values, status: statusLabel(String(n.data.status)), note: String(n.data.note ?? "") });
    case "warning":
      return t("community:notifications.warning", { message: String(n.data.message ?? "") });
    case "post_rejected":
      return t(n.data.reason ? "community:notifications.postRejectedReason" : "community:notifications.postRejected", { ...values, reason: String(n.data.reason ?? "") });
    case "kb_published":
      return t("community:notifications.kbPublished", { ...values, article: String(n.data.article ?? "") });
  }
}

export default function Notifications() {
  const { notifications, unread, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  const statusLabel = useIdeaStatusLabel();
  return (
    <section className="card">
      <div className="section-head">
        <h1>{t("notifications.title")}</h1>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" className="button button-small button-ghost">{t("notifications.markAllRead", { count: unread })}</button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? <p className="empty">{t("notifications.empty")}</p> : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.read ? "is-read" : "is-unread"} data-testid="notification">
            {n.url ? <Link to={n.url}>{describe(n, t, statusLabel)}</Link> : describe(n, t, statusLabel)}
            <span className="muted small"> · <RelativeTime iso={n.createdAt} /></span>
          </li>
        ))}
      </ul>
      {next ? <p><Link to={`?before=${next}`}>{t("common:pagination.older")}</Link></p> : null}
    </section>
  );
}
