import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { IdeaStatusBadge, IdeaStatusOptions } from "~/components/badges";
import { tFor } from "~/i18n/i18n.server";
import { useFormat } from "~/i18n/format";
import { metaT, pageTitle } from "~/i18n/registry";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { DailyBarChart } from "~/components/chart";
import { FormMessage } from "~/components/forms";
import { SignalSource } from "~/components/idea-bits";
import { Money, SignalKindBadge } from "~/components/insight-bits";
import { fieldError, msg, validationFailed } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { setIdeaStatus } from "~/services/community/ideas.server";
import { can } from "~/services/guardian";
import { getIdea, listIdeaChoices } from "~/services/ideas/board.server";
import { mergeIdea } from "~/services/ideas/merge-ideas.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(data?.idea.title ?? t("ideas:idea.title"), t("ideas:board.title")) }];
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const actor = await actorFor(request, context.app);
    const idea = await getIdea(context.app.db, actor, params.threadId);
    const merge = can(actor, "ideas.merge");
    return {
      idea,
      manage: can(actor, "ideas.manage"),
      // The ideas this one could be merged into, for those who may merge.
      mergeTargets: merge ? (await listIdeaChoices(context.app.db)).filter((c) => c.threadId !== idea.threadId) : null,
    };
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { intent, ...fields } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    switch (intent) {
      case "status": {
        const { thread, notified } = await setIdeaStatus(context.app, actor, params.threadId, fields);
        const t = tFor(await localeFor(request, context.app));
        return { redirectTo: null, message: t("ideas:status.set", { status: t(`ideaStatus.${thread.ideaStatus}`, { defaultValue: thread.ideaStatus }), count: notified }) };
      }
      case "merge": {
        // An untouched "choose an idea" would otherwise read as "id must be positive".
        if (!fields.intoThreadId) throw validationFailed([fieldError("intoThreadId", msg("idea.chooseMergeTarget"))]);
        const { thread } = await mergeIdea(context.app, actor, params.threadId, fields);
        return { redirectTo: `/ideas/${thread.mergedIntoId}`, message: "" };
      }
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, intent }, result.status);
  if (result.value.redirectTo) return redirect(result.value.redirectTo);
  return jsonResponse({ ok: true, message: result.value.message, intent });
}

type Result = { ok: boolean; message: string; fields?: Record<string, string>; intent?: string };

export default function IdeaPage() {
  const { idea, manage, mergeTargets } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const errors = (intent: string) => (result && !result.ok && result.intent === intent ? result.fields ?? {} : {});
  const figures = idea.private;
  const { t } = useTranslation("ideas");
  const { number, date } = useFormat();
  return (
    <div className="stack">
      <nav className="crumbs" aria-label={t("breadcrumb")}>
        <Link to="/ideas">{t("board.heading")}</Link> › {idea.title}
      </nav>
      <header className="thread-head">
        <h1 data-testid="idea-title">{idea.title}</h1>
        <div className="thread-meta">
          <IdeaStatusBadge status={idea.status} />
          <span className="muted">{t("idea.opened", { date: date(idea.createdAt) })}</span>
          <Link to={idea.url}>{t("idea.discussionLink")}</Link>
        </div>
      </header>
      <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />

      <div className="stat-grid">
        <div className="card stat"><strong data-testid="idea-votes">{number(idea.votes)}</strong><span>{t("idea.stats.votes")}</span></div>
        <div className="card stat"><strong>{number(idea.uniqueVoters)}</strong><span>{t("idea.stats.uniqueVoters")}</span></div>
        <div className="card stat"><strong data-testid="idea-companies">{number(idea.uniqueCompanies)}</strong><span>{t("idea.stats.companies")}</span></div>
        {figures ? (
          <>
            <div className="card stat"><strong><Money value={figures.revenue} /></strong><span>{t("idea.stats.revenue")}</span></div>
            <div className="card stat"><strong>{number(figures.customers)}</strong><span>{t("idea.stats.customers")}</span></div>
            <div className="card stat"><strong>{number(figures.prospects)}</strong><span>{t("idea.stats.prospects")}</span></div>
            <div className="card stat"><strong>{number(figures.trials)}</strong><span>{t("idea.stats.trials")}</span></div>
            <div className="card stat"><strong>{number(figures.evidence)}</strong><span>{t("idea.stats.evidence")}</span></div>
          </>
        ) : null}
      </div>

      {figures ? (
        <section className="card chart-narrow">
          <DailyBarChart title={t("idea.interestChart")} per="week" points={figures.trend.map((p) => ({ day: p.week, value: p.interest }))} />
        </section>
      ) : null}

      {manage ? (
        <section className="card narrow-left" aria-labelledby="status-heading">
          <h2 id="status-heading">{t("idea.statusHeading")}</h2>
          {/* Keyed by the status, so the note empties once a change went through. */}
          <Form method="post" key={idea.status}>
            <input type="hidden" name="intent" value="status" />
            <div className="field">
              <label htmlFor="idea-status">{t("idea.newStatus")}</label>
              <select id="idea-status" name="status" defaultValue={idea.status}>
                <IdeaStatusOptions />
              </select>
              {errors("status").status ? <p className="field-error" role="alert">{errors("status").status}</p> : null}
            </div>
            <div className="field">
              <label htmlFor="idea-note">{t("idea.note")}</label>
              <textarea id="idea-note" name="note" rows={3} maxLength={1000} aria-describedby="idea-note-hint" />
              <p className="field-hint" id="idea-note-hint">{t("idea.noteHint")}</p>
              {errors("status").note ? <p className="field-error" role="alert">{errors("status").note}</p> : null}
            </div>
            <button type="submit" className="button">{t("idea.updateStatus")}</button>
          </Form>
        </section>
      ) : null}

      {figures ? (
        <section className="card" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t("idea.evidenceHeading")}</h2>
          {idea.evidence?.length ? (
            <ul className="evidence-list" data-testid="evidence">
              {idea.evidence.map((e) => (
                <li key={e.id}>
                  <blockquote className="quote">{e.quote}</blockquote>
                  <p className="small muted">
                    <SignalKindBadge kind={e.kind} /> <SignalSource author={e.author} company={e.company} url={e.url} threadTitle={e.threadTitle} detectedAt={e.detectedAt} />
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty"><Trans t={t} i18nKey="idea.noEvidence" components={{ 1: <Link to="/ideas/candidates" /> }} /></p>
          )}
        </section>
      ) : null}

      {mergeTargets ? (
        <section className="card narrow-left" aria-labelledby="merge-heading">
          <h2 id="merge-heading">{t("idea.mergeHeading")}</h2>
          {mergeTargets.length === 0 ? (
            <p className="empty">{t("idea.noMergeTargets")}</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="merge" />
              <div className="field">
                <label htmlFor="merge-into">{t("idea.mergeInto")}</label>
                <select id="merge-into" name="intoThreadId" defaultValue="" aria-describedby="merge-hint">
                  <option value="" disabled>{t("idea.chooseIdea")}</option>
                  {mergeTargets.map((c) => <option key={c.threadId} value={c.threadId}>#{c.threadId} {c.title}</option>)}
                </select>
                <p className="field-hint" id="merge-hint">{t("idea.mergeHint")}</p>
                {errors("merge").intoThreadId ? <p className="field-error" role="alert">{errors("merge").intoThreadId}</p> : null}
              </div>
              <div className="field">
                <label htmlFor="merge-reason">{t("idea.mergeReason")}</label>
                <input id="merge-reason" name="reason" maxLength={500} />
              </div>
              <button type="submit" className="button button-danger">{t("idea.merge")}</button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  );
}
