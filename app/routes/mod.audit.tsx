import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listAudit } from "~/services/moderation/audit.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return listAudit(context.app.db, await actorFor(request, context.app), params);
  });
}

const targetLink = (type: string, id: number | null) => (type === "thread" && id ? `/t/${id}` : null);

export default function AuditLog() {
  const { entries, next } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const withBefore = (before: number) => {
    const copy = new URLSearchParams(params);
    copy.set("before", String(before));
    return `?${copy}`;
  };
  return (
    <section className="card">
      <h1>Audit log</h1>
      <Form method="get" className="inline-form filters">
        <input name="action" defaultValue={params.get("action") ?? ""} placeholder="action (e.g. post.hide)" aria-label="Action" />
        <input name="actor" defaultValue={params.get("actor") ?? ""} placeholder="moderator handle" aria-label="Moderator" />
        <select name="targetType" defaultValue={params.get("targetType") ?? ""} aria-label="Target">
          <option value="">Any target</option>
          {["post", "thread", "user", "settings", "article"].map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">Filter</button>
      </Form>
      <div className="table-wrap">
        <table className="table" data-testid="audit-table">
          <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Reason</th></tr></thead>
          <tbody>
            {entries.map((e) => {
              const link = targetLink(e.targetType, e.targetId);
              return (
                <tr key={e.id}>
                  <td><RelativeTime iso={e.createdAt} /></td>
                  <td>{e.actor ? `@${e.actor}` : <span className="muted">system</span>}</td>
                  <td><code>{e.action}</code></td>
                  <td>{link ? <Link to={link}>{e.targetType} #{e.targetId}</Link> : `${e.targetType}${e.targetId ? ` #${e.targetId}` : ""}`}</td>
                  <td>{e.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {entries.length === 0 ? <p className="empty">No moderator actions yet.</p> : null}
      {next ? <p><Link to={withBefore(next)}>Older →</Link></p> : null}
    </section>
  );
}
