import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listRevisions } from "~/services/community/posts.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("community:revisions.title")) }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => listRevisions(context.app.db, await actorFor(request, context.app), params.id));
}

export default function Revisions() {
  const { post, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <div className="stack">
      <p><Link to={`/t/${post.threadId}#post-${post.id}`}>{t("revisions.back")}</Link></p>
      <h1>{t("revisions.title")}</h1>
      {revisions.map((r) => (
        <article key={r.revision} className="card" data-testid="revision">
          <header className="post-head">
            <strong>{t("revisions.version", { number: r.revision })}</strong>
            <span className="muted">
              {r.editor ? (
                <Trans t={t} i18nKey="revisions.by" values={{ handle: r.editor }} components={[<RelativeTime key="time" iso={r.createdAt} />]} />
              ) : (
                <RelativeTime iso={r.createdAt} />
              )}
            </span>
          </header>
          {r.title ? <h2>{r.title}</h2> : null}
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.html }} />
        </article>
      ))}
    </div>
  );
}
