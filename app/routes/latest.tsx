import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ThreadBrowser } from "~/components/thread-browser";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listThreads } from "~/services/community/threads.server";

export const meta: MetaFunction = () => [{ title: "Latest · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return listThreads(context.app.db, await actorFor(request, context.app), query);
  });
}

export default function Latest() {
  const { threads, next } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="section-head">
        <h1>Latest</h1>
        <Link to="/new" className="button">Ask a question</Link>
      </div>
      <ThreadBrowser threads={threads} next={next} kinds={["question", "discussion", "idea"]} />
    </div>
  );
}
