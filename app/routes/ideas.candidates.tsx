import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { SignalSource } from "~/components/idea-bits";
import { OffsetPager, SignalKindBadge } from "~/components/insight-bits";
import { useFormat } from "~/i18n/format";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { fieldError, msg, validationFailed } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { listIdeaChoices } from "~/services/ideas/board.server";
import { acceptCandidate, attachCandidate, dismissCandidate, listCandidates } from "~/services/ideas/candidates.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("ideas:candidates.title"), t("ideas:board.title")) }];
};

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
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(async () => {
    switch (intent) {
      case "accept": {
        const { ideaThreadId } = await acceptCandidate(context.app, actor, id, fields);
        return { message: t("ideas:candidates.accepted"), link: `/ideas/${ideaThreadId}` };
      }
      case "attach": {
        // An untouched "choose an idea" would otherwise read as "id must be positive".
        if (!fields.ideaThreadId) throw validationFailed([fieldError("ideaThreadId", msg("candidate.chooseIdea"))]);
        const { ideaThreadId } = await attachCandidate(context.app, actor, id, fields);
        return { message: t("ideas:candidates.attached"), link: `/ideas/${ideaThreadId}` };
      }
      case "dismiss":
        await dismissCandidate(context.app, actor, id, fields);
        return { message: t("ideas:candidates.dismissed"), link: null };
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
  const { t } = useTranslation("ideas");
  const { number } = useFormat();
  return (
    <div className="stack">
      <nav className="crumbs" aria-label={t("breadcrumb")}><Link to="/ideas">{t("board.heading")}</Link> › {t("candidates.heading")}</nav>
      <div className="section-head">
        <div>
          <h1>{t("candidates.heading")}</h1>
          <p className="muted">{t("candidates.intro")}</p>
        </div>
        <Form method="get" className="inline-form filters">
          <label htmlFor="candidate-kind">{t("candidates.kind")}</label>
          <select id="candidate-kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("candidates.everyKind")}</option>
            <option value="feature_request">{t("candidates.featureRequests")}</option>
            <option value="implied_need">{t("candidates.impliedNeeds")}</option>
          </select>
          <button type="submit" className="button button-small button-ghost">{t("candidates.apply")}</button>
        </Form>
      </div>
      {result?.ok ? (
        <p className="notice notice-success" role="status">
          {result.message} {result.link ? <Link to={result.link}>{t("candidates.openIdea")}</Link> : null}
        </p>
      ) : null}
      {candidates.length === 0 ? (
        <p className="card empty" data-testid="candidates-empty">{t("candidates.empty")}</p>
      ) : (
        <ol className="plain-list candidate-list" data-testid="candidates">
          {candidates.map((c) => {
            const failed = result && !result.ok && result.id === String(c.id) ? result : null;
            return (
              <li key={c.id} className="card candidate" data-testid="candidate">
                <blockquote className="quote">{c.quote}</blockquote>
                <p className="small muted">
                  <SignalKindBadge kind={c.kind} /> {t("candidates.score", { score: number(c.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}
                  {" · "}<SignalSource author={c.author} company={c.company} url={c.url} threadTitle={c.threadTitle} detectedAt={c.detectedAt} />
                </p>
                {failed ? <FormMessage message={failed.message} /> : null}
                <div className="candidate-actions">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={c.id} />
                    <label htmlFor={`title-${c.id}`} className="visually-hidden">{t("candidates.newTitle")}</label>
                    <input id={`title-${c.id}`} name="title" defaultValue={failed?.title ?? titleFrom(c.quote)} maxLength={200} size={40} aria-invalid={failed?.fields?.title ? true : undefined} />
                    <button type="submit" name="intent" value="accept" className="button button-small">{t("candidates.accept")}</button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={c.id} />
                    <label htmlFor={`attach-${c.id}`} className="visually-hidden">{t("candidates.attachTo")}</label>
                    <select id={`attach-${c.id}`} name="ideaThreadId" defaultValue="">
                      <option value="" disabled>{t("candidates.attachPlaceholder")}</option>
                      {ideas.map((i) => <option key={i.threadId} value={i.threadId}>#{i.threadId} {i.title}</option>)}
                    </select>
                    <button type="submit" name="intent" value="attach" className="button button-small button-ghost" disabled={ideas.length === 0}>{t("candidates.attach")}</button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <button type="submit" name="intent" value="dismiss" className="button button-small button-ghost">{t("candidates.dismiss")}</button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <OffsetPager next={next} pageSize={pageSize} navLabel={t("candidates.pagerLabel")} moreLabel={t("candidates.pagerMore")} />
    </div>
  );
}
