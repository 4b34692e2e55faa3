import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KindBadge, RelativeTime } from "~/components/badges";
import { forPage } from "~/lib/pages.server";
import { getPublicProfile } from "~/services/accounts.server";
import { actorFor } from "~/services/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `@${data?.user.handle ?? "member"} · Gleaner` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => getPublicProfile(context.app.db, await actorFor(request, context.app), params.handle ?? ""));
}

export default function PublicProfile() {
  const { user, stats, threads } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="card">
        <h1>@{user.handle}</h1>
        <p className="muted">Member since {user.createdAt.slice(0, 10)} · {stats.posts} posts · {stats.votes} votes received · {stats.accepted} accepted answers</p>
      </section>
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
