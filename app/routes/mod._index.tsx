import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FlagReason } from "../../db/schema";
import { useLiveQueue } from "~/components/live-queue";
import type { RootData } from "~/root";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { tFor } from "~/i18n/i18n.server";
import { formAction, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listCategories } from "~/services/categories.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { applyBulk, type bulkSchema } from "~/services/moderation/bulk.server";
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
  const t = tFor(await localeFor(request, context.app));
  const decision = String(form.get("decision") ?? "");
  const result = await formAction(async () => {
    if (decision === "suspend") {
      await suspendUser(context.app.db, actor, String(form.get("handle") ?? ""), {
        until: new Date(Date.now() + Number(form.get("days") ?? 7) * 86_400_000).toISOString(),
        reason: String(form.get("reason") || t("mod:queue.suspendReason")),
      });
      return { message: t("mod:queue.suspended", { handle: `@${form.get("handle")}` }) };
    }
    const items = form.getAll("item").map(String);
    const { results } = await applyBulk(context.app, actor, { action: decision, items, reason: String(form.get("reason") ?? "") });
    const failed = results.filter((r) => !r.ok);
    const values = { action: isBulkAction(decision) ? t(DECISION_KEYS[decision]) : decision, count: results.length - failed.length };
    return { message: failed.length ? t("mod:queue.doneFailed", { ...values, failed: failed.length, error: failed[0]!.error }) : t("mod:queue.done", values) };
  });
  if (!result.ok) return jsonResponse({ ok: false, message: result.failure.message }, result.status);
  return jsonResponse({ ok: true, message: result.value.message });
}

/** The bulk decisions, as the action's message names them ("approve: 3 done."). */
type BulkAction = z.infer<typeof bulkSchema>["action"];
const DECISION_KEYS: Record<BulkAction, string> = {
  approve: "mod:decisions.approve",
  reject: "mod:decisions.reject",
  hide: "mod:decisions.hide",
  dismiss: "mod:decisions.dismiss",
  review: "mod:decisions.review",
};
const isBulkAction = (value: string): value is BulkAction => Object.hasOwn(DECISION_KEYS, value);

const KIND_KEYS: Record<QueueItem["kind"], string> = {
  pending: "kinds.pending",
  flagged: "kinds.flagged",
  signup: "kinds.signup",
};

/**
 * Why an item is in the queue: screening's reasons for a held post, the flags' reasons, a new
 * sign-up. Two carry a value after a colon (`watched_word:casino`, `email:example.com`).
 */
type ScreeningReason = "new_user" | "category_requires_approval" | "many_links" | "link_only" | "repeated_text";
type QueueReason = ScreeningReason | FlagReason | "new_signup" | "flagged";
const REASON_KEYS: Record<QueueReason, string> = {
  new_user: "reasons.new_user",
  category_requires_approval: "reasons.category_requires_approval",
  many_links: "reasons.many_links",
  link_only: "reasons.link_only",
  repeated_text: "reasons.repeated_text",
  new_signup: "reasons.new_signup",
  spam: "reasons.spam",
  off_topic: "reasons.off_topic",
  abusive: "reasons.abusive",
  other: "reasons.other",
  flagged: "reasons.flagged",
};
const REASONS = Object.keys(REASON_KEYS) as QueueReason[];

function reasonLabel(t: TFunction, reason: string): string {
  if (Object.hasOwn(REASON_KEYS, reason)) return t(REASON_KEYS[reason as QueueReason]);
  if (reason.startsWith("watched_word:")) return t("reasons.watchedWordIs", { word: reason.slice("watched_word:".length) });
  if (reason.startsWith("email:")) return t("reasons.emailDomain", { domain: reason.slice("email:".length) });
  return reason;
}

function flagLine(t: TFunction, f: QueueItem["flags"][number]): string {
  const values = { by: `@${f.by}`, reason: reasonLabel(t, f.reason), note: f.note };
  if (f.trusted) return t(f.note ? "queue.flagNote" : "queue.flag", values);
  return t(f.note ? "queue.flagNewNote" : "queue.flagNew", values);
}

function ItemCard({ item }: { item: QueueItem }) {
  const { t } = useTranslation("mod");
  return (
    <li className="card queue-item" data-testid="queue-item" data-kind={item.kind}>
      <div className="queue-item-head">
        <label className="queue-select">
          <input type="checkbox" name="item" value={item.id} form="bulk-form" aria-label={t("queue.selectItem", { id: item.id })} />
        </label>
        <span className={`badge queue-${item.kind}`}>{t(KIND_KEYS[item.kind])}</span>
        <Link to={`/u/${item.user.handle}`}>{`@${item.user.handle}`}</Link>
        <span className="muted small">
          <Trans t={t} i18nKey="queue.userMeta" values={{ level: item.user.trustLevel }} components={[<RelativeTime key="joined" iso={item.user.createdAt} />]} />
        </span>
        {item.thread ? <Link to={item.thread.url} className="small">{t("queue.inThread", { title: item.thread.title })}</Link> : null}
        {item.score ? <span className="badge badge-danger">{t("queue.score", { score: item.score })}</span> : null}
        <span className="muted small"><RelativeTime iso={item.createdAt} /></span>
      </div>
      <p className="tags">{item.reasons.map((r) => <span key={r} className="tag">{reasonLabel(t, r)}</span>)}</p>
      {item.post ? <div className="prose queue-post" dangerouslySetInnerHTML={{ __html: item.post.html }} /> : null}
      {item.flags.length ? (
        <ul className="small muted">
          {item.flags.map((f, i) => <li key={i}>{flagLine(t, f)}</li>)}
        </ul>
      ) : null}
      <div className="inline-form">
        {item.kind === "pending" ? (
          <>
            <QuickAction item={item.id} decision="approve" label={t("queue.approve")} primary />
            <QuickAction item={item.id} decision="reject" label={t("queue.reject")} />
          </>
        ) : null}
        {item.kind === "flagged" ? (
          <>
            <QuickAction item={item.id} decision="hide" label={t("queue.hidePost")} primary />
            <QuickAction item={item.id} decision="dismiss" label={t("queue.dismissFlags")} />
          </>
        ) : null}
        {item.kind === "signup" ? <QuickAction item={item.id} decision="review" label={t("queue.looksFine")} primary /> : null}
        <Form method="post" className="inline-form">
          <input type="hidden" name="handle" value={item.user.handle} />
          <input type="hidden" name="days" value="7" />
          <button type="submit" name="decision" value="suspend" className="button button-small button-danger">{t("queue.suspendDays", { count: 7 })}</button>
        </Form>
      </div>
    </li>
  );
}

function QuickAction({ item, decision, label: text, primary }: { item: string; decision: BulkAction; label: string; primary?: boolean }) {
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
  const { t } = useTranslation("mod");
  useLiveQueue(useRouteLoaderData<RootData>("root")?.user?.id ?? null);
  return (
    <section className="stack" aria-busy={busy}>
      <div className="section-head">
        <h1>{t("queue.title")}</h1>
        <p className="muted">{t("queue.countPending", { count: counts.pending })} · {t("queue.countFlagged", { count: counts.flagged })} · {t("queue.countSignup", { count: counts.signup })}</p>
      </div>
      <Form method="get" className="inline-form filters">
        <select name="kind" defaultValue={params.get("kind") ?? ""} aria-label={t("queue.kindLabel")}>
          <option value="">{t("queue.everything")}</option>
          <option value="pending">{t("queue.filterPending")}</option>
          <option value="flagged">{t("queue.filterFlagged")}</option>
          <option value="signup">{t("queue.filterSignup")}</option>
        </select>
        <select name="category" defaultValue={params.get("category") ?? ""} aria-label={t("queue.categoryLabel")}>
          <option value="">{t("queue.allCategories")}</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <select name="reason" defaultValue={params.get("reason") ?? ""} aria-label={t("queue.reasonLabel")}>
          <option value="">{t("queue.anyReason")}</option>
          {REASONS.map((r) => <option key={r} value={r}>{reasonLabel(t, r)}</option>)}
          <option value="watched_word">{t("reasons.watchedWord")}</option>
        </select>
        <button type="submit" className="button button-small button-ghost">{t("filter")}</button>
      </Form>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
      {items.length === 0 ? (
        <p className="empty card">{t("queue.empty")}</p>
      ) : (
        <>
          <Form method="post" id="bulk-form" className="inline-form bulk-bar">
            <span className="muted small">{t("queue.withSelected")}</span>
            <button type="submit" name="decision" value="approve" className="button button-small">{t("queue.bulkApprove")}</button>
            <button type="submit" name="decision" value="reject" className="button button-small button-ghost">{t("queue.bulkReject")}</button>
            <button type="submit" name="decision" value="hide" className="button button-small button-ghost">{t("queue.bulkHide")}</button>
            <button type="submit" name="decision" value="dismiss" className="button button-small button-ghost">{t("queue.bulkDismiss")}</button>
            <button type="submit" name="decision" value="review" className="button button-small button-ghost">{t("queue.bulkReview")}</button>
          </Form>
          <ul className="queue-list stack">{items.map((item) => <ItemCard key={item.id} item={item} />)}</ul>
        </>
      )}
    </section>
  );
}
