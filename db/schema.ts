import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const ROLES = ["member", "moderator", "product_manager", "sales", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const COMPANY_PLANS = ["prospect", "trial", "customer"] as const;
export type CompanyPlan = (typeof COMPANY_PLANS)[number];

export const THREAD_KINDS = ["question", "discussion", "idea"] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export interface CompaniesTable {
  id: Generated<number>;
  name: string;
  domain: string | null;
  plan: CompanyPlan;
  /** Whole currency units; null when unknown. bigint arrives as a string from pg. */
  annual_revenue: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  handle: string;
  email: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  trust_level: ColumnType<number, number | undefined, number>;
  company_id: number | null;
  suspended_until: NullableTimestamp;
  suspension_reason: string | null;
  silenced_until: NullableTimestamp;
  trust_level_locked: ColumnType<boolean, boolean | undefined, boolean>;
  reviewed_at: NullableTimestamp;
  /** Interface language chosen by the member (app/i18n/locales.ts); null: not chosen. */
  locale: ColumnType<UiLocale | null, UiLocale | null | undefined, UiLocale | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type UiLocale = "en" | "sv" | "nb" | "zh-Hans";

export interface SessionsTable {
  /** sha256 of the random token in the cookie: a database leak does not leak live sessions. */
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  revoked_at: NullableTimestamp;
  revoked_reason: ColumnType<"logout" | "password" | "suspended" | null, "logout" | "password" | "suspended" | null | undefined, "logout" | "password" | "suspended" | null>;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown in lists so admins can tell tokens apart. */
  prefix: string;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export const THREAD_STATUSES = ["open", "locked", "closed"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const POST_STATUSES = ["visible", "pending", "hidden", "deleted"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const IDEA_STATUSES = ["open", "under_review", "planned", "in_progress", "shipped", "declined"] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const LANGUAGES = ["en", "sv", "no", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export type TagMode = "free" | "restricted";

export const NOTIFICATION_KINDS = ["reply", "mention", "accepted", "idea_status", "warning", "post_approved", "post_rejected", "kb_published"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A column the database fills in and nobody writes (generated, stored tsvectors). */
type ReadOnly<T> = ColumnType<T, never, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Defaulted<string>;
  position: Defaulted<number>;
  kinds: Defaulted<ThreadKind[]>;
  tag_mode: Defaulted<TagMode>;
  approval_roles: Defaulted<Role[]>;
  created_at: CreatedAt;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  created_at: CreatedAt;
}

export interface CategoryTagsTable {
  category_id: number;
  tag_id: number;
}

export interface ThreadsTable {
  id: Generated<number>;
  category_id: number;
  author_id: number;
  kind: ThreadKind;
  title: string;
  status: Defaulted<ThreadStatus>;
  hidden: Defaulted<boolean>;
  pinned: Defaulted<boolean>;
  accepted_post_id: number | null;
  idea_status: IdeaStatus | null;
  merged_into_id: number | null;
  duplicate_of_id: ColumnType<number | null, number | null | undefined, number | null>;
  awaiting_approval: Defaulted<boolean>;
  post_count: Defaulted<number>;
  vote_count: Defaulted<number>;
  last_post_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  language: Defaulted<Language>;
  search_config: Defaulted<string>;
  title_search_text: Defaulted<string>;
  /** The title's index as tsvector text, written by the application (app/lib/text). */
  title_lexemes: Defaulted<string>;
  /** Which normalisation title_lexemes was made with (see app/services/search/reindex.server.ts). */
  search_version: Defaulted<number>;
  title_vector: ReadOnly<string>;
  /** Kept by triggers (migration 0007): when something the harvest reads last changed. */
  changed_at: ColumnType<Date, never, never>;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  author_id: number;
  number: number;
  body_md: string;
  body_html: string;
  status: Defaulted<PostStatus>;
  reply_to_id: number | null;
  vote_count: Defaulted<number>;
  revision: Defaulted<number>;
  moderation_reasons: Defaulted<string[]>;
  created_at: CreatedAt;
  edited_at: NullableTimestamp;
  language: Defaulted<Language>;
  search_config: Defaulted<string>;
  search_text: Defaulted<string>;
  /** The body's index as tsvector text, written by the application (app/lib/text). */
  body_lexemes: Defaulted<string>;
  /** Which normalisation body_lexemes was made with (see app/services/search/reindex.server.ts). */
  search_version: Defaulted<number>;
  body_vector: ReadOnly<string>;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  revision: number;
  body_md: string;
  body_html: string;
  title: string | null;
  editor_id: number | null;
  created_at: CreatedAt;
}

export interface ThreadTagsTable {
  thread_id: number;
  tag_id: number;
}

export interface PostVotesTable {
  user_id: number;
  post_id: number;
  created_at: CreatedAt;
}

export interface IdeaVotesTable {
  user_id: number;
  thread_id: number;
  created_at: CreatedAt;
}

export interface FollowsTable {
  user_id: number;
  thread_id: number;
  level: "watching" | "muted";
  created_at: CreatedAt;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  thread_id: number | null;
  post_id: number | null;
  actor_id: number | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  read_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface UserActivityTable {
  user_id: number;
  days_visited: Defaulted<number>;
  last_visited_on: ColumnType<string | null, string | null | undefined, string | null>;
  posts_read: Defaulted<number>;
}

export const FLAG_REASONS = ["spam", "off_topic", "abusive", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface FlagsTable {
  id: Generated<number>;
  post_id: number;
  user_id: number;
  reason: FlagReason;
  note: Defaulted<string>;
  trusted: boolean;
  status: Defaulted<"open" | "dismissed" | "upheld">;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
  created_at: CreatedAt;
}

export type ModTargetType = "post" | "thread" | "user" | "flag" | "settings" | "article";

export interface ModActionsTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: ModTargetType;
  target_id: number | null;
  reason: Defaulted<string>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CannedRepliesTable {
  id: Generated<number>;
  title: string;
  body_md: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  fingerprint: string;
  state: Defaulted<"running" | "done">;
  answer: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  completed_at: NullableTimestamp;
}

export const ARTICLE_STATUSES = ["draft", "in_review", "published", "needs_review", "archived", "rejected"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** The view `harvest_sources` (migration 0007): a thread with its question and accepted answer. */
export interface HarvestSourcesView {
  thread_id: number;
  title: string;
  kind: ThreadKind;
  category_id: number;
  language: Language;
  thread_hidden: boolean;
  awaiting_approval: boolean;
  merged_into_id: number | null;
  accepted_post_id: number | null;
  changed_at: Date;
  question_post_id: number | null;
  question_revision: number | null;
  question_status: PostStatus | null;
  question_md: string | null;
  question_html: string | null;
  question_author_id: number | null;
  answer_post_id: number | null;
  answer_revision: number | null;
  answer_status: PostStatus | null;
  answer_md: string | null;
  answer_html: string | null;
  answer_author_id: number | null;
  signature: string;
}

export interface KbArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body_md: string;
  body_html: string;
  status: Defaulted<ArticleStatus>;
  source_thread_id: number | null;
  category_id: number | null;
  tags: Defaulted<string[]>;
  language: Defaulted<Language>;
  search_config: Defaulted<string>;
  search_text: Defaulted<string>;
  title_lexemes: Defaulted<string>;
  body_lexemes: Defaulted<string>;
  search_vector: ReadOnly<string>;
  revision: Defaulted<number>;
  /** A person has edited it: the harvest flags source changes instead of rewriting it. */
  curated: Defaulted<boolean>;
  review_reason: string | null;
  source_diff: string | null;
  status_before_review: ArticleStatus | null;
  rejected_reason: string | null;
  merged_into_id: number | null;
  published_at: NullableTimestamp;
  reviewed_at: NullableTimestamp;
  reviewed_by: number | null;
  view_count: Defaulted<number>;
  helpful_count: Defaulted<number>;
  unhelpful_count: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface KbArticleSourcesTable {
  article_id: number;
  thread_id: number;
  question_post_id: number | null;
  answer_post_id: number | null;
  question_revision: number | null;
  answer_revision: number | null;
  answer_author_id: number | null;
  signature: string;
  /** The source as the article last took it (title, category, posts), for reasons and diffs. */
  title: Defaulted<string>;
  category_id: number | null;
  question_md: Defaulted<string>;
  answer_md: Defaulted<string>;
  synced_at: ColumnType<Date, Date | string | undefined, Date | string>;
  added_at: CreatedAt;
}

export interface KbRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  title: string;
  body_md: string;
  body_html: string;
  /** Null: written by the harvest. */
  editor_id: number | null;
  note: Defaulted<string>;
  created_at: CreatedAt;
}

export interface KbFeedbackTable {
  id: Generated<number>;
  article_id: number;
  /** `user:<id>` for members, `visitor:<hash>` for anonymous readers: one vote each. */
  voter_key: string;
  user_id: number | null;
  helpful: boolean;
  comment: Defaulted<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface KbDailyTable {
  article_id: number;
  day: ColumnType<string, string, string>;
  views: Defaulted<number>;
  helpful: Defaulted<number>;
  unhelpful: Defaulted<number>;
}

export interface KbDeflectionsTable {
  form_key: string;
  user_id: number | null;
  article_id: number | null;
  thread_id: number | null;
  opened_at: CreatedAt;
  posted_thread_id: number | null;
  posted_at: NullableTimestamp;
  settled_at: NullableTimestamp;
}

export const HARVEST_RUN_STATUSES = ["queued", "running", "done", "failed"] as const;
export type HarvestRunStatus = (typeof HARVEST_RUN_STATUSES)[number];

export interface HarvestRunsTable {
  id: Generated<number>;
  status: Defaulted<HarvestRunStatus>;
  scope: "full" | "incremental";
  trigger: "admin" | "cli" | "schedule";
  requested_by: number | null;
  total: Defaulted<number>;
  processed: Defaulted<number>;
  stats: ColumnType<Record<string, number>, string | undefined, string>;
  error: string | null;
  created_at: CreatedAt;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
}

export interface HarvestStateTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export const SIGNAL_KINDS = ["feature_request", "implied_need", "buying_intent"] as const;
export type SignalKindColumn = (typeof SIGNAL_KINDS)[number];

export interface PostSignalsTable {
  id: Generated<number>;
  post_id: number;
  thread_id: number;
  author_id: number;
  kind: SignalKindColumn;
  score: number;
  matched: string[];
  quote: string;
  language: Language;
  post_revision: number;
  detected_at: CreatedAt;
}

export interface PostSignalScansTable {
  post_id: number;
  revision: number;
  scanned_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type EvidenceStatus = "candidate" | "attached" | "dismissed";

export interface IdeaEvidenceTable {
  id: Generated<number>;
  signal_id: number;
  idea_thread_id: number | null;
  status: Defaulted<EvidenceStatus>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  created_at: CreatedAt;
}

export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost", "dismissed"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface LeadsTable {
  id: Generated<number>;
  user_id: number;
  company_id: number | null;
  score: Defaulted<number>;
  fit_score: Defaulted<number>;
  behaviour_score: Defaulted<number>;
  explanation: ColumnType<{ factor: string; points: number; detail: string }[], string | undefined, string>;
  status: Defaulted<LeadStatus>;
  owner_id: number | null;
  notes: Defaulted<string>;
  dismissed_at: NullableTimestamp;
  dismissed_strength: number | null;
  last_signal_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type LeadSignalKind = "buying_intent" | "feature_request" | "implied_need" | "idea_vote";

export interface LeadSignalsTable {
  id: Generated<number>;
  lead_id: number;
  kind: LeadSignalKind;
  signal_id: number | null;
  idea_thread_id: number | null;
  strength: number;
  occurred_at: Timestamp;
  created_at: CreatedAt;
}

export const WEBHOOK_EVENTS = ["lead.created", "lead.qualified", "idea.status_changed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  secret: string;
  events: WebhookEvent[];
  active: Defaulted<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event: WebhookEvent;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Defaulted<"pending" | "delivered" | "failed">;
  attempts: Defaulted<number>;
  last_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: NullableTimestamp;
}

export interface Database {
  companies: CompaniesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  tags: TagsTable;
  category_tags: CategoryTagsTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  thread_tags: ThreadTagsTable;
  post_votes: PostVotesTable;
  idea_votes: IdeaVotesTable;
  follows: FollowsTable;
  notifications: NotificationsTable;
  user_activity: UserActivityTable;
  flags: FlagsTable;
  mod_actions: ModActionsTable;
  settings: SettingsTable;
  canned_replies: CannedRepliesTable;
  idempotency_keys: IdempotencyKeysTable;
  harvest_sources: HarvestSourcesView;
  kb_articles: KbArticlesTable;
  kb_article_sources: KbArticleSourcesTable;
  kb_revisions: KbRevisionsTable;
  kb_feedback: KbFeedbackTable;
  kb_daily: KbDailyTable;
  kb_deflections: KbDeflectionsTable;
  harvest_runs: HarvestRunsTable;
  harvest_state: HarvestStateTable;
  post_signals: PostSignalsTable;
  post_signal_scans: PostSignalScansTable;
  idea_evidence: IdeaEvidenceTable;
  leads: LeadsTable;
  lead_signals: LeadSignalsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type Company = Selectable<CompaniesTable>;
export type NewCompany = Insertable<CompaniesTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Category = Selectable<CategoriesTable>;
export type Thread = Selectable<ThreadsTable>;
export type Post = Selectable<PostsTable>;
