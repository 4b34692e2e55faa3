import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forPage } from "~/lib/pages.server";
import { roadmap } from "~/services/ideas/board.server";

export const meta: MetaFunction = () => [
  { title: "Roadmap · Gleaner" },
  { name: "description", content: "What we are planning, building and have shipped, from the community's ideas." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, () => roadmap(context.app.db));
}

const COLUMNS = [
  ["planned", "Planned", "Nothing planned yet."],
  ["in_progress", "In progress", "Nothing being built right now."],
  ["shipped", "Shipped", "Nothing shipped from the ideas yet."],
] as const;

export default function Roadmap() {
  const columns = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="section-head">
        <div>
          <h1>Roadmap</h1>
          <p className="muted">Ideas from the community that we are planning, building or have shipped. <Link to="/ideas">See every idea</Link> and vote for the ones you need.</p>
        </div>
      </div>
      <div className="roadmap">
        {COLUMNS.map(([key, title, empty]) => (
          <section key={key} className="card roadmap-column" aria-labelledby={`roadmap-${key}`} data-testid={`roadmap-${key}`}>
            <h2 id={`roadmap-${key}`}>{title} <span className="muted small">({columns[key].length})</span></h2>
            {columns[key].length === 0 ? (
              <p className="empty">{empty}</p>
            ) : (
              <ul className="plain-list">
                {columns[key].map((idea) => (
                  <li key={idea.threadId}>
                    <Link to={idea.url}>{idea.title}</Link> <span className="muted small">· {idea.votes} {idea.votes === 1 ? "vote" : "votes"}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
