import type { PostStatus, ThreadKind, ThreadStatus } from "../../../db/schema";
import { activeUser, allow, canPost, deny, hasRole, needsLogin, STAFF_ROLES, withRole, type Actor, type Decision } from "./types";
import { msg } from "../../lib/errors";

/** What the guardian needs to know about a thread to decide. */
export interface ThreadTarget {
  authorId: number;
  kind: ThreadKind;
  status: ThreadStatus;
  hidden: boolean;
  /** The opening post waits in the review queue: only its author and staff see the thread. */
  awaitingApproval: boolean;
}

export interface PostTarget {
  authorId: number;
  status: PostStatus;
  /** The opening post of a thread is the question itself, never an answer to it. */
  isOpening: boolean;
  thread: ThreadTarget;
}

export const isStaff = (actor: Actor | null): boolean => actor !== null && hasRole(actor, ...STAFF_ROLES);

function viewThread(actor: Actor | null, thread: ThreadTarget): Decision {
  if (isStaff(actor)) return allow();
  if (thread.hidden) return deny(msg("guardian.threadUnavailable"));
  if (thread.awaitingApproval && actor?.id !== thread.authorId) return deny(msg("guardian.threadUnavailable"));
  return allow();
}

/** Writing into a thread: it must be visible to you, and open unless you are staff. */
function writeInThread(actor: Actor | null, thread: ThreadTarget): Decision {
  const gate = canPost(actor);
  if (!gate.allowed) return gate;
  const view = viewThread(actor, thread);
  if (!view.allowed) return view;
  if (thread.status !== "open" && !isStaff(actor)) return deny(msg("guardian.threadStatus", { status: msg(`thread.status.${thread.status}`) }));
  return allow();
}

function viewPost(actor: Actor | null, post: PostTarget): Decision {
  const thread = viewThread(actor, post.thread);
  if (!thread.allowed) return thread;
  if (post.status === "visible" || isStaff(actor)) return allow();
  if (post.status === "pending" && actor?.id === post.authorId) return allow();
  return deny(msg("guardian.postUnavailable"));
}

/** Reading and writing the community: threads, posts, votes, answers, ideas, follows. */
export const communityPolicy = {
  "category.view": (_actor: Actor | null): Decision => allow(),

  "thread.view": viewThread,

  /** Seeing hidden threads and posts in lists: staff only. */
  "thread.viewHidden": (actor: Actor | null): Decision => (isStaff(actor) ? allow() : deny(msg("guardian.hiddenContent"))),

  "thread.create": (actor: Actor | null): Decision => canPost(actor),

  "thread.reply": writeInThread,

  "post.view": viewPost,

  "post.edit": (actor: Actor | null, post: PostTarget): Decision => {
    const gate = writeInThread(actor, post.thread);
    if (!gate.allowed) return gate;
    if (isStaff(actor)) return allow();
    if (actor!.id !== post.authorId) return deny(msg("guardian.editOwnPosts"));
    return post.status === "visible" || post.status === "pending" ? allow() : deny(msg("guardian.noLongerEditable"));
  },

  "post.vote": (actor: Actor | null, post: PostTarget): Decision => {
    const gate = activeUser(actor);
    if (!gate.allowed) return gate;
    if (post.thread.hidden || post.status !== "visible") return deny(msg("guardian.postUnavailable"));
    if (post.thread.status !== "open") return deny(msg("guardian.threadStatus", { status: msg(`thread.status.${post.thread.status}`) }));
    if (actor!.id === post.authorId) return deny(msg("guardian.voteOwnPost"));
    return allow();
  },

  "thread.vote": (actor: Actor | null, thread: ThreadTarget): Decision => {
    const gate = activeUser(actor);
    if (!gate.allowed) return gate;
    if (thread.kind !== "idea") return deny(msg("guardian.votesIdeasOnly"));
    if (thread.hidden) return deny(msg("guardian.threadUnavailable"));
    if (thread.status !== "open") return deny(msg("guardian.threadStatus", { status: msg(`thread.status.${thread.status}`) }));
    return allow();
  },

  /** The asker (or a moderator) marks a reply of a question as its accepted answer. */
  "post.accept": (actor: Actor | null, post: PostTarget): Decision => {
    const gate = writeInThread(actor, post.thread);
    if (!gate.allowed) return gate;
    if (post.thread.kind !== "question") return deny(msg("guardian.acceptQuestionsOnly"));
    if (actor!.id !== post.thread.authorId && !isStaff(actor)) return deny(msg("guardian.acceptAskerOnly"));
    if (post.isOpening) return deny(msg("guardian.acceptOpening"));
    if (post.status !== "visible") return deny(msg("guardian.acceptVisibleOnly"));
    return allow();
  },

  "thread.follow": (actor: Actor | null, thread: ThreadTarget): Decision => {
    if (!actor) return needsLogin();
    return viewThread(actor, thread);
  },

  "idea.setStatus": (actor: Actor | null, thread: ThreadTarget): Decision => {
    const gate = withRole(actor, ["product_manager", "admin"], "productManagers");
    if (!gate.allowed) return gate;
    return thread.kind === "idea" ? allow() : deny(msg("guardian.statusIdeasOnly"));
  },

  "notifications.view": (actor: Actor | null): Decision => (actor ? allow() : needsLogin()),
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
