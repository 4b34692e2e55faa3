import type { IdeaStatus, PostStatus, ThreadKind, ThreadStatus } from "../../../db/schema";
import type { PostPayload } from "../events";
import type { PostTarget, ThreadTarget } from "../guardian/community-policy";

export const threadUrl = (id: number) => `/t/${id}`;

export interface ThreadSummary {
  id: number;
  title: string;
  kind: ThreadKind;
  status: ThreadStatus;
  solved: boolean;
  hidden: boolean;
  pinned: boolean;
  ideaStatus: IdeaStatus | null;
  voteCount: number;
  postCount: number;
  replyCount: number;
  category: { id: number; slug: string; name: string };
  author: { id: number; handle: string };
  tags: string[];
  createdAt: string;
  lastPostAt: string;
  url: string;
}

export interface PostView extends PostPayload {
  status: PostStatus;
  revision: number;
  /** What the viewer has done and may do with this post (decided by the guardian). */
  viewer: { voted: boolean; canVote: boolean; canEdit: boolean; canAccept: boolean; canFlag: boolean; canModerate: boolean };
}

/** The columns every thread query selects, under these aliases. */
export interface ThreadRow {
  id: number;
  title: string;
  kind: ThreadKind;
  status: ThreadStatus;
  hidden: boolean;
  awaiting_approval: boolean;
  pinned: boolean;
  accepted_post_id: number | null;
  idea_status: IdeaStatus | null;
  vote_count: number;
  post_count: number;
  created_at: Date;
  last_post_at: Date;
  author_id: number;
  author_handle: string;
  category_id: number;
  category_slug: string;
  category_name: string;
}

export function toThreadSummary(row: ThreadRow, tags: string[]): ThreadSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    status: row.status,
    solved: row.accepted_post_id !== null,
    hidden: row.hidden,
    pinned: row.pinned,
    ideaStatus: row.idea_status,
    voteCount: row.vote_count,
    postCount: row.post_count,
    replyCount: Math.max(0, row.post_count - 1),
    category: { id: row.category_id, slug: row.category_slug, name: row.category_name },
    author: { id: row.author_id, handle: row.author_handle },
    tags,
    createdAt: row.created_at.toISOString(),
    lastPostAt: row.last_post_at.toISOString(),
    url: threadUrl(row.id),
  };
}

export const threadTarget = (t: { author_id: number; kind: ThreadKind; status: ThreadStatus; hidden: boolean; awaiting_approval: boolean }): ThreadTarget => ({
  authorId: t.author_id,
  kind: t.kind,
  status: t.status,
  hidden: t.hidden,
  awaitingApproval: t.awaiting_approval,
});

export const postTarget = (
  p: { author_id: number; status: PostStatus; number: number },
  thread: ThreadTarget,
): PostTarget => ({ authorId: p.author_id, status: p.status, isOpening: p.number === 1, thread });

export interface PostRow {
  id: number;
  thread_id: number;
  number: number;
  author_id: number;
  author_handle: string;
  body_html: string;
  status: PostStatus;
  reply_to_id: number | null;
  vote_count: number;
  revision: number;
  created_at: Date;
  edited_at: Date | null;
}

export function toPostPayload(row: PostRow): PostPayload {
  return {
    id: row.id,
    threadId: row.thread_id,
    number: row.number,
    author: { id: row.author_id, handle: row.author_handle },
    html: row.body_html,
    status: row.status,
    replyToId: row.reply_to_id,
    voteCount: row.vote_count,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
  };
}

export const toPostView = (row: PostRow, viewer: PostView["viewer"]): PostView => ({
  ...toPostPayload(row),
  status: row.status,
  revision: row.revision,
  viewer,
});
