import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { LivePresence, NewRepliesButton, ThreadGoneNotice, TypingLine } from "~/components/live-thread";
import { IdeaStatusBadge, IdeaStatusOptions, KindBadge, SolvedBadge } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { PostCard } from "~/components/post-card";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { FORM_IDEMPOTENCY_FIELD, formAction, formToObject, jsonResponse, onceForForm, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { currentRequestScope } from "~/lib/request-scope.server";
import { actorFor } from "~/services/auth.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { acceptAnswer, unacceptAnswer } from "~/services/community/answers.server";
import { setFollow } from "~/services/community/follows.server";
import { setIdeaStatus } from "~/services/community/ideas.server";
import { createReply } from "~/services/community/posts.server";
import { liveViewerFor } from "~/services/community/posts-since.server";
import { useLiveThread } from "~/realtime/use-live-thread";
import { getThreadPage, POSTS_PER_PAGE } from "~/services/community/thread-page.server";
import { can } from "~/services/guardian";
import { listCategories } from "~/services/categories.server";
import { publishedArticleForThread } from "~/services/knowledge/articles.server";
import { listCannedReplies } from "~/services/moderation/canned-replies.server";
import { flagPost } from "~/services/moderation/flags.server";
import { moderatePost, type PostDecision } from "~/services/moderation/post-moderation.server";
import { markDuplicate, mergeThread, moveThread, splitThread, switchThread, THREAD_SWITCHES, type ThreadSwitch } from "~/services/moderation/thread-moderation.server";
import { voteIdea, votePost } from "~/services/community/votes.server";
import type { PostView } from "~/services/community/views";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(data?.thread.title ?? metaT(matches)("community:thread.fallbackTitle")) }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const actor = await actorFor(request, context.app);
    const page = await getThreadPage(context.app.db, actor, params.id, query);
    // A merged thread lives on in its target: old links (and search engines) follow it there.
    if (page.thread.mergedIntoId) throw redirect(`/t/${page.thread.mergedIntoId}`, 301);
    const staff = can(actor, "mod.threads");
    const [live, categories, cannedReplies, article] = await Promise.all([
      // What this viewer may do with replies that arrive live (decided here, by the guardian).
      liveViewerFor(context.app.db, actor, page.thread.id),
      staff ? listCategories(context.app.db, actor) : Promise.resolve([]),
      staff ? listCannedReplies(context.app.db, actor) : Promise.resolve([]),
      page.accepted ? publishedArticleForThread(context.app.db, page.thread.id) : Promise.resolve(null),
    ]);
    return {
      ...shipPostHtmlOnce(page),
      live,
      mod: staff ? { categories: categories.map((c) => ({ id: c.id, name: c.name, kinds: c.kinds })), cannedReplies } : null,
      // The published article made from this accepted answer (not from an earlier one).
      article: article && article.postId === page.accepted?.id ? article : null,
      // A fresh key per rendered composer: submitting the same form twice posts one reply.
      // Visitors have no composer, and their page stays the same bytes for its ETag.
      replyKey: actor ? randomUUID() : "",
    };
  });
}

/**
 * On a document request, the posts' HTML goes to the server render only (components/post-html.tsx)
 * and the browser reads it back from the markup; a data request (client navigation,
 * revalidation after an action) carries it in the JSON as before.
 */
function shipPostHtmlOnce<P extends { opening: PostView | null; accepted: PostView | null; posts: PostView[] }>(page: P): P {
  const scope = currentRequestScope();
  // Remix takes `_data` off the URL it hands loaders; the request as it arrived still has it.
  if (!scope || new URL(scope.request().url).searchParams.has("_data")) return page;
  const bodies = (scope.postHtml ??= new Map());
  const strip = (post: PostView): PostView => {
    bodies.set(post.id, post.html);
    return { ...post, html: "" };
  };
  return { ...page, opening: page.opening && strip(page.opening), accepted: page.accepted && strip(page.accepted), posts: page.posts.map(strip) };
}

/** The page of replies that holds post number n (replies start at 2). */
const pageOf = (n: number) => 1 + POSTS_PER_PAGE * Math.floor((n - 2) / POSTS_PER_PAGE);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const { intent, postId, ...fields } = formToObject(formData);
  const actor = await actorFor(request, context.app);
  const app = context.app;
  const threadId = params.id;
  const unknownAction = async () => new Response(tFor(await localeFor(request, app))("community:thread.unknownAction"), { status: 400 });
  const result = await formAction(async () => {
    switch (intent) {
      case "reply":
        return onceForForm(request, context, fields, async () => {
          if (actor) await app.limits.consume("post", `user:${actor.id}`);
          const { post } = await createReply(app, actor, threadId, fields);
          return { redirectTo: `/t/${post.threadId}?after=${pageOf(post.number)}#post-${post.id}` };
        });
      case "vote":
      case "unvote":
        return votePost(app, actor, postId, intent === "vote");
      case "accept":
        return acceptAnswer(app, actor, postId);
      case "unaccept":
        return unacceptAnswer(app, actor, postId);
      case "idea-vote":
      case "idea-unvote":
        return voteIdea(app, actor, threadId, intent === "idea-vote");
      case "follow":
        return setFollow(app, actor, threadId, fields);
      case "idea-status":
        return setIdeaStatus(app, actor, threadId, fields);
      case "flag":
        if (actor) await app.limits.consume("flag", `user:${actor.id}`);
        return flagPost(app, actor, postId, fields);
      case "mod-post":
        return moderatePost(app, actor, postId, fields.op as PostDecision, fields);
      case "mod-thread":
        if (!THREAD_SWITCHES.includes(fields.op as ThreadSwitch)) throw await unknownAction();
        return switchThread(app, actor, threadId, fields.op as ThreadSwitch, fields);
      case "mod-move":
        return moveThread(app, actor, threadId, fields);
      case "mod-split": {
        const postIds = formData.getAll("postIds").map(Number);
        const { thread } = await splitThread(app, actor, threadId, { ...fields, postIds });
        return { redirectTo: thread.url };
      }
      case "mod-duplicate":
        return markDuplicate(app, actor, threadId, fields);
      case "mod-merge": {
        const { thread } = await mergeThread(app, actor, threadId, fields);
        return { redirectTo: thread.url };
      }
      default:
        throw await unknownAction();
    }
  });
  if (!result.ok) return jsonResponse({ ...result.failure, intent }, result.status);
  if (result.value && "redirectTo" in result.value) return redirect(result.value.redirectTo);
  return jsonResponse({ ok: true, intent });
}

type Failure = { ok: false; message: string; fields: Record<string, string>; intent: string };

/** Another thread is a fresh page, live state and all (the route component is reused otherwise). */
export default function ThreadRoute() {
  const data = useLoaderData<typeof loader>();
  return <ThreadPage key={data.thread.id} />;
}

function ThreadPage() {
  const { thread, opening: renderedOpening, accepted: renderedAccepted, posts, next, viewer, live: liveViewer, mod, replyKey, article } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const navigation = useNavigation();
  const composer = useRef<HTMLTextAreaElement>(null);
  const replyTo = useRef<HTMLInputElement>(null);
  const ideaVote = useFetcher();
  const follow = useFetcher();
  const { t } = useTranslation("community");

  const quote = (post: PostView, text: string) => {
    const quoted = text.trim().split("\n").slice(0, 12).map((l) => `> ${l}`).join("\n");
    if (composer.current) {
      composer.current.value = `${composer.current.value ? composer.current.value + "\n\n" : ""}> ${t("thread.quoteWrote", { handle: post.author.handle })}\n${quoted}\n\n`;
      composer.current.focus();
    }
    if (replyTo.current) replyTo.current.value = String(post.id);
  };

  const live = useLiveThread({
    threadId: thread.id,
    pagePosts: posts,
    otherShown: [renderedOpening, renderedAccepted],
    isLastPage: next === null,
    viewer: { id: liveViewer.viewerId, canSeeHidden: viewer.canSeeHidden, mine: liveViewer.mine, others: liveViewer.others },
  });
  const opening = live.withLiveChanges(renderedOpening);
  const accepted = live.withLiveChanges(renderedAccepted);
  const replyCount = thread.postCount - 1 + live.addedCount;
  const ideaVotes = live.threadVoteCount ?? thread.voteCount;

  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === "reply";
  // The composer empties after one's own reply went through, and only then: live events make
  // the page revalidate while someone may be half-way through writing.
  const [composerKey, setComposerKey] = useState(0);
  const wasSending = useRef(false);
  useEffect(() => {
    if (sending) wasSending.current = true;
    else if (navigation.state === "idle" && wasSending.current) {
      wasSending.current = false;
      if (!failure) setComposerKey((k) => k + 1);
    }
  }, [sending, navigation.state, failure]);
  const isQuestion = thread.kind === "question";
  return (
    <div className="thread-page stack">
      <nav className="crumbs" aria-label={t("thread.breadcrumb")}>
        <Link to="/">{t("thread.community")}</Link> › <Link to={`/c/${thread.category.slug}`}>{thread.category.name}</Link>
      </nav>
      <header className="thread-head">
        <h1 data-testid="thread-title">{thread.title}</h1>
        <div className="thread-meta">
          <KindBadge kind={thread.kind} />
          {thread.solved ? <SolvedBadge /> : null}
          {thread.ideaStatus ? <IdeaStatusBadge status={thread.ideaStatus} /> : null}
          {thread.status !== "open" ? <span className="badge">{t(`threadStatus.${thread.status}`, { defaultValue: thread.status })}</span> : null}
          {thread.hidden ? <span className="badge badge-danger">{t("list.hidden")}</span> : null}
          {thread.tags.map((tag) => <Link key={tag} to={`/c/${thread.category.slug}?tag=${encodeURIComponent(tag)}`} className="tag">#{tag}</Link>)}
          <span className="muted" data-testid="reply-count">{t("thread.replyCount", { count: replyCount })}</span>
          <LivePresence count={live.presence} />
        </div>
        <follow.Form method="post" className="inline-form follow-form">
          <input type="hidden" name="intent" value="follow" />
          {viewer.follow !== null || viewer.canReply ? (
            <>
              <label htmlFor="follow-level" className="muted">{t("thread.notifications")}</label>
              <select id="follow-level" name="level" defaultValue={viewer.follow ?? "none"} onChange={(e) => follow.submit(e.currentTarget.form)}>
                <option value="watching">{t("thread.follow.watching")}</option>
                <option value="none">{t("thread.follow.none")}</option>
                <option value="muted">{t("thread.follow.muted")}</option>
              </select>
              <noscript><button type="submit" className="button button-small">{t("common:actions.save")}</button></noscript>
            </>
          ) : null}
        </follow.Form>
      </header>

      {thread.awaitingApproval ? (
        <p className="notice notice-warn" role="status">{mod ? t("thread.awaitingApprovalStaff") : t("thread.awaitingApproval")}</p>
      ) : null}
      {thread.duplicateOfId ? (
        <p className="notice notice-warn">{t("thread.duplicate")} <Link to={`/t/${thread.duplicateOfId}`}>{t("thread.readOriginal")}</Link></p>
      ) : null}
      {mod ? <ModeratorTools thread={thread} categories={mod.categories} /> : null}

      {thread.kind === "idea" ? (
        <section className="card idea-box" aria-label={t("thread.votesLabel")}>
          <div className="idea-votes">
            <strong data-testid="idea-votes">{ideaVotes}</strong> {t("thread.ideaVotes", { count: ideaVotes })}
          </div>
          <ideaVote.Form method="post">
            <button type="submit" name="intent" value={viewer.votedIdea ? "idea-unvote" : "idea-vote"} className={`button${viewer.votedIdea ? " button-ghost" : ""}`} disabled={!viewer.canVoteIdea}>
              {viewer.votedIdea ? t("thread.votedUndo") : t("thread.voteIdea")}
            </button>
          </ideaVote.Form>
          {viewer.canSetIdeaStatus ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="idea-status" />
              <select name="status" defaultValue={thread.ideaStatus ?? "open"} aria-label={t("thread.ideaStatusLabel")}>
                <IdeaStatusOptions />
              </select>
              <input name="note" placeholder={t("thread.notePlaceholder")} maxLength={1000} aria-label={t("thread.noteLabel")} />
              <button type="submit" className="button button-small">{t("thread.updateStatus")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {opening ? <PostCard post={opening} threadId={thread.id} accepted={false} threadKind={thread.kind} onQuote={viewer.canReply ? quote : undefined} /> : null}

      {isQuestion && accepted ? (
        <section className="accepted-box" aria-label={t("thread.acceptedLabel")}>
          <h2 className="accepted-title">
            {t("thread.acceptedTitle")} <a href={`#post-${accepted.id}`} className="muted small">{t("thread.jumpToAccepted")}</a>
          </h2>
          <PostCard post={accepted} threadId={thread.id} accepted threadKind={thread.kind} summary />
          {article && article.postId === accepted.id ? (
            <p className="kb-notice" data-testid="kb-notice">
              <span className="kb-notice-mark" aria-hidden="true">◆</span>{" "}
              <Trans t={t} i18nKey="thread.inKnowledgeBase" values={{ title: article.title }} components={[<Link key="article" to={article.url} />]} />
            </p>
          ) : null}
        </section>
      ) : null}

      {live.gone ? <ThreadGoneNotice /> : null}

      <section aria-label={t("thread.repliesLabel")} className="stack replies" data-testid="replies">
        {live.replies.map((p) => (
          <PostCard key={p.id} post={p} threadId={thread.id} accepted={p.id === thread.acceptedPostId} threadKind={thread.kind} onQuote={viewer.canReply ? quote : undefined} highlight={live.fresh.has(p.id)} />
        ))}
        <div ref={live.endRef} className="live-end" aria-hidden="true" />
        <TypingLine handles={live.typing} />
        <NewRepliesButton count={live.unseen} onClick={live.showUnseen} />
        {next ? (
          <p className="pager"><Link to={`?after=${next}`} className="button button-ghost">{t("thread.moreReplies")}</Link></p>
        ) : null}
      </section>

      {viewer.canReply ? (
        <section className="card composer" aria-labelledby="reply-heading">
          <h2 id="reply-heading">{isQuestion ? t("thread.yourAnswer") : t("thread.reply")}</h2>
          <FormMessage message={failure && failure.intent === "reply" ? failure.message : failure && failure.intent !== "reply" ? failure.message : null} />
          <Form method="post" key={composerKey}>
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name={FORM_IDEMPOTENCY_FIELD} value={replyKey} />
            <input type="hidden" name="replyToId" ref={replyTo} defaultValue="" />
            {mod && mod.cannedReplies.length > 0 ? (
              <div className="inline-form canned-insert">
                <label htmlFor="canned" className="muted small">{t("thread.cannedReply")}</label>
                <select
                  id="canned"
                  defaultValue=""
                  onChange={(e) => {
                    const chosen = mod.cannedReplies.find((c) => String(c.id) === e.target.value);
                    if (chosen && composer.current) {
                      composer.current.value = `${composer.current.value ? composer.current.value + "\n\n" : ""}${chosen.body}`;
                      composer.current.focus();
                    }
                    e.target.value = "";
                  }}
                >
                  <option value="">{t("thread.insert")}</option>
                  {mod.cannedReplies.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
                </select>
              </div>
            ) : null}
            <label htmlFor="reply-body" className="visually-hidden">{t("thread.replyLabel")}</label>
            <textarea id="reply-body" name="body" ref={composer} rows={6} required placeholder={t("thread.replyPlaceholder")} onInput={live.notifyTyping} />
            <div className="composer-actions">
              <span className="muted small">{t("thread.markdownHint")}</span>
              <button type="submit" className="button" disabled={sending}>{sending ? t("thread.posting") : t("thread.postReply")}</button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="muted card">
          {thread.status === "locked" ? (
            t("thread.isLocked")
          ) : thread.status === "closed" ? (
            t("thread.isClosed")
          ) : (
            <Trans t={t} i18nKey="thread.logInToReply" components={[<Link key="login" to={`/login?next=/t/${thread.id}`} />]} />
          )}
        </p>
      )}
    </div>
  );
}

type ThreadForTools = { id: number; status: string; pinned: boolean; hidden: boolean; kind: string; category: { id: number } };

/** Lock, pin, close, hide, move and merge, for moderators, at the top of the thread. */
function ModeratorTools({ thread, categories }: { thread: ThreadForTools; categories: { id: number; name: string; kinds: string[] }[] }) {
  const { t } = useTranslation("community");
  const switches = [
    thread.status === "locked" ? "unlock" : "lock",
    thread.status === "closed" ? "reopen" : "close",
    thread.pinned ? "unpin" : "pin",
    thread.hidden ? "unhide" : "hide",
  ];
  return (
    <details className="card mod-tools">
      <summary>{t("modTools.title")}</summary>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="mod-thread" />
        <input name="reason" placeholder={t("modTools.reasonPlaceholder")} maxLength={500} aria-label={t("modTools.reasonLabel")} />
        {switches.map((op) => (
          <button key={op} type="submit" name="op" value={op} className="button button-small button-ghost">{t(`modTools.${op}`)}</button>
        ))}
      </Form>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="mod-move" />
        <label htmlFor="move-to" className="muted small">{t("modTools.moveTo")}</label>
        <select id="move-to" name="categoryId" defaultValue={thread.category.id}>
          {categories.filter((c) => c.kinds.includes(thread.kind)).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <button type="submit" className="button button-small button-ghost">{t("modTools.move")}</button>
      </Form>
      <Form method="post" className="inline-form" id="split-form">
        <input type="hidden" name="intent" value="mod-split" />
        <label htmlFor="split-title" className="muted small">{t("modTools.splitLabel")}</label>
        <input id="split-title" name="title" placeholder={t("modTools.splitPlaceholder")} maxLength={200} required />
        <button type="submit" className="button button-small button-ghost">{t("modTools.split")}</button>
      </Form>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="mod-duplicate" />
        <label htmlFor="duplicate-of" className="muted small">{t("modTools.duplicateOf")}</label>
        <input id="duplicate-of" name="ofThreadId" inputMode="numeric" size={6} required />
        <button type="submit" className="button button-small button-ghost">{t("modTools.closeAsDuplicate")}</button>
      </Form>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="mod-merge" />
        <label htmlFor="merge-into" className="muted small">{t("modTools.mergeInto")}</label>
        <input id="merge-into" name="intoThreadId" inputMode="numeric" size={6} required />
        <button type="submit" className="button button-small button-danger">{t("modTools.merge")}</button>
      </Form>
    </details>
  );
}
