import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ThreadBrowser } from "~/components/thread-browser";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listThreads } from "~/services/community/threads.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("community:latest.title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return listThreads(context.app.db, await actorFor(request, context.app), query);
  });
}

export default function Latest() {
  const { threads, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <div className="stack">
      <div className="section-head">
        <h1>{t("latest.title")}</h1>
        <Link to="/new" className="button">{t("latest.ask")}</Link>
      </div>
      <ThreadBrowser threads={threads} next={next} kinds={["question", "discussion", "idea"]} />
    </div>
  );
}
