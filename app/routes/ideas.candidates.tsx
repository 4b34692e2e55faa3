import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { day, OffsetPager, SignalKindBadge } from "~/components/insight-bits";
import { validationFailed, msg, fieldError } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listIdeaChoices } from "~/services/ideas/board.server";
import { acceptCandidate, attachCandidate, dismissCandidate, listCandidates } from "~/services/ideas/candidates.server";

export const meta: MetaFunction = () => [{ title: "Candidate requests · Ideas · Gleaner" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    // listCandidates asks the guardian first: the idea list is read only for those it lets in.
    const { candidates, next } = await listCandidates(context.app.db, actor, { limit: PAGE_SIZE, ...query });
    return { candidates, next, ideas: await listIdeaChoices(context.app.db), pageSize: Number(query.limit) || PAGE_SIZE };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { intent, id, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    switch (intent) {
      case "accept": {
        const { ideaThreadId } = await acceptCandidate(context.app, actor, id, fields);
        return { message: "Accepted into a new idea.", link: `/ideas/${ideaThreadId}` };
      }
      case "attach": {
        // An untouched "choose an idea" would otherwise read as "id must be positive".
        if (!fields.ideaThreadId) throw validationFailed([fieldError("ideaThreadId", msg("candidate.chooseIdea"))]);
        const { ideaThreadId } = await attachCandidate(context.app, actor, id, fields);
        return { message: "Attached as evidence.", link: `/ideas/${ideaThreadId}` };
      }
      case "dismiss":
        await dismissCandidate(context.app, actor, id, fields);
        return { message: "Dismissed.", link: null };
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  });
  // A refused title comes back as typed, to be corrected rather than retyped.
  if (!result.ok) return jsonResponse({ ...result.failure, id, title: fields.title }, result.status);
  return jsonResponse({ ok: true, ...result.value, id });
}

/**
 * A first title for the idea: the request's own words, cut at a word near 120 characters and
 * without the closing full stop. The product manager edits it before accepting.
 */
function titleFrom(quote: string): string {
  const flat = quote.replace(/\s+/g, " ").trim();
  const cut = flat.length > 120 ? flat.slice(0, flat.lastIndexOf(" ", 120) > 60 ? flat.lastIndexOf(" ", 120) : 120) : flat;
  const title = cut.replace(/[.!?。！？\s]+$/u, "");
  return title.charAt(0).toUpperCase() + title.slice(1);
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; id?: string; link?: string | null; title?: string };

export default function CandidateRequests() {
  const { candidates, next, ideas, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <nav className="crumbs" aria-label="Breadcrumb"><Link to="/ideas">Ideas</Link> › Candidate requests</nav>
      <div className="section-head">
        <div>
          <h1>Candidate requests</h1>
          <p className="muted">Requests and needs the harvest found outside idea threads. Accept one into a new idea, attach it to an idea as evidence, or dismiss it.</p>
        </div>
        <Form method="get" className="inline-form filters">
          <label htmlFor="candidate-kind">Kind</label>
          <select id="candidate-kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">Every kind</option>
            <option value="feature_request">Feature requests</option>
            <option value="implied_need">Implied needs</option>
          </select>
          <button type="submit" className="button button-small button-ghost">Apply</button>
        </Form>
      </div>
      {result?.ok ? (
        <p className="notice notice-success" role="status">
          {result.message} {result.link ? <Link to={result.link}>Open the idea →</Link> : null}
        </p>
      ) : null}
      {candidates.length === 0 ? (
        <p className="card empty" data-testid="candidates-empty">No requests waiting. The harvest adds new ones after each pass.</p>
      ) : (
        <ol className="plain-list candidate-list" data-testid="candidates">
          {candidates.map((c) => {
            const failed = result && !result.ok && result.id === String(c.id) ? result : null;
            return (
              <li key={c.id} className="card candidate" data-testid="candidate">
                <blockquote className="quote">{c.quote}</blockquote>
                <p className="small muted">
                  <SignalKindBadge kind={c.kind} /> score {c.score.toFixed(2)} · <Link to={`/u/${c.author}`}>@{c.author}</Link>
                  {c.company ? ` · ${c.company.name} (${c.company.plan})` : " · no company"}
                  {" · "}<Link to={c.url}>in “{c.threadTitle}”</Link> · {day(c.detectedAt)}
                </p>
                {failed ? <FormMessage message={failed.message} /> : null}
                <div className="candidate-actions">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={c.id} />
                    <label htmlFor={`title-${c.id}`} className="visually-hidden">Title of the new idea</label>
                    <input id={`title-${c.id}`} name="title" defaultValue={failed?.title ?? titleFrom(c.quote)} maxLength={200} size={40} aria-invalid={failed?.fields?.title ? true : undefined} />
                    <button type="submit" name="intent" value="accept" className="button button-small">Accept as new idea</button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={c.id} />
                    <label htmlFor={`attach-${c.id}`} className="visually-hidden">Idea to attach it to</label>
                    <select id={`attach-${c.id}`} name="ideaThreadId" defaultValue="">
                      <option value="" disabled>Attach to an idea…</option>
                      {ideas.map((i) => <option key={i.threadId} value={i.threadId}>#{i.threadId} {i.title}</option>)}
                    </select>
                    <button type="submit" name="intent" value="attach" className="button button-small button-ghost" disabled={ideas.length === 0}>Attach</button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <button type="submit" name="intent" value="dismiss" className="button button-small button-ghost">Dismiss</button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <OffsetPager next={next} pageSize={pageSize} label="requests" />
    </div>
  );
}
