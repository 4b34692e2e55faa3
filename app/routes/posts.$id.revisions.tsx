import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listRevisions } from "~/services/community/posts.server";

export const meta: MetaFunction = () => [{ title: "Edit history · Gleaner" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => listRevisions(context.app.db, await actorFor(request, context.app), params.id));
}

export default function Revisions() {
  const { post, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p><Link to={`/t/${post.threadId}#post-${post.id}`}>← Back to the thread</Link></p>
      <h1>Edit history</h1>
      {revisions.map((r) => (
        <article key={r.revision} className="card" data-testid="revision">
          <header className="post-head">
            <strong>Version {r.revision}</strong>
            <span className="muted">
              {r.editor ? `by @${r.editor} · ` : ""}<RelativeTime iso={r.createdAt} />
            </span>
          </header>
          {r.title ? <h2>{r.title}</h2> : null}
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
        </article>
      ))}
    </div>
  );
}
