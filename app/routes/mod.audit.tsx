import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ModTargetType } from "../../db/schema";
import { RelativeTime } from "~/components/badges";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import type { Transition } from "~/services/knowledge/curation.server";
import { listAudit, type AuditEntry } from "~/services/moderation/audit.server";
import type { PostDecision } from "~/services/moderation/post-moderation.server";
import type { ThreadSwitch } from "~/services/moderation/thread-moderation.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return listAudit(context.app.db, await actorFor(request, context.app), params);
  });
}

/**
 * Every action the services write to the log. The parts built from a service's own list
 * (post decisions, thread switches, article transitions) follow that list, so a new one
 * fails the typecheck here until it has a label.
 */
type AuditAction =
  | `post.${PostDecision}`
  | "post.auto_hide"
  | `thread.${ThreadSwitch}`
  | "thread.move"
  | "thread.merge"
  | "thread.split"
  | "thread.duplicate"
  | "user.suspend"
  | "user.reinstate"
  | "user.silence"
  | "user.warn"
  | "user.trust"
  | "user.review"
  | "user.update"
  | "idea.evidence.attach"
  | "idea.evidence.dismiss"
  | `kb.${Transition}`
  | "kb.edit"
  | "kb.merge"
  | "webhook.create"
  | "webhook.pause"
  | "webhook.resume"
  | "webhook.delete"
  | "settings.update"
  | "leads.weights";

const ACTION_KEYS: Record<AuditAction, string> = {
  "post.approve": "audit.actions.postApprove",
  "post.reject": "audit.actions.postReject",
  "post.hide": "audit.actions.postHide",
  "post.unhide": "audit.actions.postUnhide",
  "post.dismiss": "audit.actions.postDismiss",
  "post.auto_hide": "audit.actions.postAutoHide",
  "thread.lock": "audit.actions.threadLock",
  "thread.unlock": "audit.actions.threadUnlock",
  "thread.close": "audit.actions.threadClose",
  "thread.reopen": "audit.actions.threadReopen",
  "thread.pin": "audit.actions.threadPin",
  "thread.unpin": "audit.actions.threadUnpin",
  "thread.hide": "audit.actions.threadHide",
  "thread.unhide": "audit.actions.threadUnhide",
  "thread.move": "audit.actions.threadMove",
  "thread.merge": "audit.actions.threadMerge",
  "thread.split": "audit.actions.threadSplit",
  "thread.duplicate": "audit.actions.threadDuplicate",
  "user.suspend": "audit.actions.userSuspend",
  "user.reinstate": "audit.actions.userReinstate",
  "user.silence": "audit.actions.userSilence",
  "user.warn": "audit.actions.userWarn",
  "user.trust": "audit.actions.userTrust",
  "user.review": "audit.actions.userReview",
  "user.update": "audit.actions.userUpdate",
  "idea.evidence.attach": "audit.actions.ideaEvidenceAttach",
  "idea.evidence.dismiss": "audit.actions.ideaEvidenceDismiss",
  "kb.submit": "audit.actions.kbSubmit",
  "kb.publish": "audit.actions.kbPublish",
  "kb.archive": "audit.actions.kbArchive",
  "kb.reject": "audit.actions.kbReject",
  "kb.reopen": "audit.actions.kbReopen",
  "kb.edit": "audit.actions.kbEdit",
  "kb.merge": "audit.actions.kbMerge",
  "webhook.create": "audit.actions.webhookCreate",
  "webhook.pause": "audit.actions.webhookPause",
  "webhook.resume": "audit.actions.webhookResume",
  "webhook.delete": "audit.actions.webhookDelete",
  "settings.update": "audit.actions.settingsUpdate",
  "leads.weights": "audit.actions.leadsWeights",
};

const TARGET_KEYS: Record<ModTargetType, string> = {
  post: "audit.targets.post",
  thread: "audit.targets.thread",
  user: "audit.targets.user",
  flag: "audit.targets.flag",
  settings: "audit.targets.settings",
  article: "audit.targets.article",
};
const FILTER_TARGETS: ModTargetType[] = ["post", "thread", "user", "settings", "article"];

const targetLink = (type: string, id: number | null) => (type === "thread" && id ? `/t/${id}` : null);

/** The system writes one reason itself (flags.server: "3 flags from trusted members"); moderators' reasons are their own words. */
function reasonText(t: TFunction, e: AuditEntry): string {
  const auto = e.actor === null && e.action === "post.auto_hide" ? /^(\d+) flags from trusted members$/.exec(e.reason) : null;
  return auto ? t("audit.autoHideReason", { count: Number(auto[1]) }) : e.reason;
}

export default function AuditLog() {
  const { entries, next } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("mod");
  const withBefore = (before: number) => {
    const copy = new URLSearchParams(params);
    copy.set("before", String(before));
    return `?${copy}`;
  };
  const targetText = (e: AuditEntry) => {
    const type = t(TARGET_KEYS[e.targetType] ?? e.targetType);
    return e.targetId ? t("audit.targetWithId", { type, id: e.targetId }) : type;
  };
  return (
    <section className="card">
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="inline-form filters">
        <input name="action" defaultValue={params.get("action") ?? ""} placeholder={t("audit.actionPlaceholder")} aria-label={t("audit.actionLabel")} />
        <input name="actor" defaultValue={params.get("actor") ?? ""} placeholder={t("audit.actorPlaceholder")} aria-label={t("audit.actorLabel")} />
        <select name="targetType" defaultValue={params.get("targetType") ?? ""} aria-label={t("audit.targetLabel")}>
          <option value="">{t("audit.anyTarget")}</option>
          {FILTER_TARGETS.map((type) => <option key={type} value={type}>{t(TARGET_KEYS[type])}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">{t("filter")}</button>
      </Form>
      <div className="table-wrap">
        <table className="table" data-testid="audit-table">
          <thead><tr><th>{t("audit.when")}</th><th>{t("audit.who")}</th><th>{t("audit.action")}</th><th>{t("audit.target")}</th><th>{t("audit.reason")}</th></tr></thead>
          <tbody>
            {entries.map((e) => {
              const link = targetLink(e.targetType, e.targetId);
              const action = Object.hasOwn(ACTION_KEYS, e.action) ? t(ACTION_KEYS[e.action as AuditAction]) : null;
              return (
                <tr key={e.id}>
                  <td><RelativeTime iso={e.createdAt} /></td>
                  <td>{e.actor ? `@${e.actor}` : <span className="muted">{t("audit.system")}</span>}</td>
                  <td>{action ? <>{action} </> : null}<code className={action ? "muted small" : undefined}>{e.action}</code></td>
                  <td>{link ? <Link to={link}>{targetText(e)}</Link> : targetText(e)}</td>
                  <td>{reasonText(t, e)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {entries.length === 0 ? <p className="empty">{t("audit.empty")}</p> : null}
      {next ? <p><Link to={withBefore(next)}>{t("common:pagination.older")}</Link></p> : null}
    </section>
  );
}
