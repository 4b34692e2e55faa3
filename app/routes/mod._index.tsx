import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useLiveQueue } from "~/components/live-queue";
import type { RootData } from "~/root";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { formAction, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { applyBulk } from "~/services/moderation/bulk.server";
import { getReviewQueue, type QueueItem } from "~/services/moderation/queue.server";
import { suspendUser } from "~/services/moderation/user-moderation.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const [queue, categories] = await Promise.all([getReviewQueue(context.app.db, actor, params), listCategories(context.app.db, actor)]);
    return { ...queue, categories: categories.map((c) => ({ id: c.id, name: c.name })) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const actor = await actorFor(request, context.app);
  const decision = String(form.get("decision") ?? "");
  const result = await formAction(async () => {
    if (decision === "suspend") {
      await suspendUser(context.app.db, actor, String(form.get("handle") ?? ""), {
        until: new Date(Date.now() + Number(form.get("days") ?? 7) * 86_400_000).toISOString(),
        reason: String(form.get("reason") || "Suspended from the review queue"),
      });
      return { message: `Suspended @${form.get("handle")}.` };
    }
    const items = form.getAll("item").map(String);
    const { results } = await applyBulk(context.app, actor, { action: decision, items, reason: String(form.get("reason") ?? "") });
    const failed = results.filter((r) => !r.ok);
    const done = results.length - failed.length;
    return { message: `${decision}: ${done} done${failed.length ? `, ${failed.length} failed (${failed[0]!.error})` : ""}.` };
  });
  if (!result.ok) return jsonResponse({ ok: false, message: result.failure.message }, result.status);
  return jsonResponse({ ok: true, message: result.value.message });
}

const REASON_LABELS: Record<string, string> = {
  new_user: "new member",
  category_requires_approval: "category needs approval",
  many_links: "many links",
  link_only: "only links",
  repeated_text: "repeated text",
  new_signup: "new sign-up",
  spam: "spam",
  off_topic: "off-topic",
  abusive: "abusive",
  other: "other",
  flagged: "flagged",
};
const label = (reason: string) => REASON_LABELS[reason] ?? reason.replace("watched_word:", "watched word: ").replace("email:", "email domain: ");

function ItemCard({ item }: { item: QueueItem }) {
  return (
    <li className="card queue-item" data-testid="queue-item" data-kind={item.kind}>
      <div className="queue-item-head">
        <label className="queue-select">
          <input type="checkbox" name="item" value={item.id} form="bulk-form" aria-label={`Select ${item.id}`} />
        </label>
        <span className={`badge queue-${item.kind}`}>{item.kind}</span>
        <Link to={`/u/${item.user.handle}`}>@{item.user.handle}</Link>
        <span className="muted small">TL{item.user.trustLevel} · joined <RelativeTime iso={item.user.createdAt} /></span>
        {item.thread ? <Link to={item.thread.url} className="small">in “{item.thread.title}”</Link> : null}
        {item.score ? <span className="badge badge-danger">score {item.score}</span> : null}
        <span className="muted small"><RelativeTime iso={item.createdAt} /></span>
      </div>
      <p className="tags">{item.reasons.map((r) => <span key={r} className="tag">{label(r)}</span>)}</p>
      {item.post ? <div className="prose queue-post" dangerouslySetInnerHTML={{ __html: item.post.html }} /> : null}
      {item.flags.length ? (
        <ul className="small muted">
          {item.flags.map((f, i) => <li key={i}>@{f.by}{f.trusted ? "" : " (new)"}: {label(f.reason)}{f.note ? ` “${f.note}”` : ""}</li>)}
        </ul>
      ) : null}
      <div className="inline-form">
        {item.kind === "pending" ? (
          <>
            <QuickAction item={item.id} decision="approve" label="Approve" primary />
            <QuickAction item={item.id} decision="reject" label="Reject" />
          </>
        ) : null}
        {item.kind === "flagged" ? (
          <>
            <QuickAction item={item.id} decision="hide" label="Hide post" primary />
            <QuickAction item={item.id} decision="dismiss" label="Dismiss flags" />
          </>
        ) : null}
        {item.kind === "signup" ? <QuickAction item={item.id} decision="review" label="Looks fine" primary /> : null}
        <Form method="post" className="inline-form">
          <input type="hidden" name="handle" value={item.user.handle} />
          <input type="hidden" name="days" value="7" />
          <button type="submit" name="decision" value="suspend" className="button button-small button-danger">Suspend user 7 days</button>
        </Form>
      </div>
    </li>
  );
}

function QuickAction({ item, decision, label: text, primary }: { item: string; decision: string; label: string; primary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="item" value={item} />
      <button type="submit" name="decision" value={decision} className={`button button-small${primary ? "" : " button-ghost"}`}>{text}</button>
    </Form>
  );
}

export default function ReviewQueue() {
  const { items, counts, categories } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  useLiveQueue(useRouteLoaderData<RootData>("root")?.user?.id ?? null);
  return (
    <section className="stack" aria-busy={busy}>
      <div className="section-head">
        <h1>Review queue</h1>
        <p className="muted">{counts.pending} awaiting approval · {counts.flagged} flagged · {counts.signup} new sign-ups</p>
      </div>
      <Form method="get" className="inline-form filters">
        <select name="kind" defaultValue={params.get("kind") ?? ""} aria-label="Kind">
          <option value="">Everything</option>
          <option value="pending">Awaiting approval</option>
          <option value="flagged">Flagged</option>
          <option value="signup">Sign-ups</option>
        </select>
        <select name="category" defaultValue={params.get("category") ?? ""} aria-label="Category">
          <option value="">All categories</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <select name="reason" defaultValue={params.get("reason") ?? ""} aria-label="Reason">
          <option value="">Any reason</option>
          {Object.keys(REASON_LABELS).map((r) => <option key={r} value={r}>{label(r)}</option>)}
          <option value="watched_word">watched word</option>
        </select>
        <button type="submit" className="button button-small button-ghost">Filter</button>
      </Form>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      {items.length === 0 ? (
        <p className="empty card">Nothing waiting. The community is in good shape.</p>
      ) : (
        <>
          <Form method="post" id="bulk-form" className="inline-form bulk-bar">
            <span className="muted small">With the selected:</span>
            <button type="submit" name="decision" value="approve" className="button button-small">Approve</button>
            <button type="submit" name="decision" value="reject" className="button button-small button-ghost">Reject</button>
            <button type="submit" name="decision" value="hide" className="button button-small button-ghost">Hide</button>
            <button type="submit" name="decision" value="dismiss" className="button button-small button-ghost">Dismiss flags</button>
            <button type="submit" name="decision" value="review" className="button button-small button-ghost">Mark sign-ups reviewed</button>
          </Form>
          <ul className="queue-list stack">{items.map((item) => <ItemCard key={item.id} item={item} />)}</ul>
        </>
      )}
    </section>
  );
}
