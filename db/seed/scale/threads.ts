/**
 * Synthetic threads. A thread is a pure function of (seed, batch, index), drawn from three
 * independent PRNG streams:
 *
 * - the plan (kind, category, authors, times, statuses, accepted answer, vote counts, tags),
 * - the text (title and bodies from the templates),
 * - the votes (who voted, and when).
 *
 * Each COPY pass (threads, posts, revisions, votes, …) regenerates what it needs instead of
 * holding a million posts in memory; the separate streams make the plan cheap to redo and
 * keep it identical whether or not the text is generated too.
 */
import type { IdeaStatus, Language, PostStatus, ThreadKind, ThreadStatus } from "../../schema";
import { SEARCH_VERSION, searchLexemes, TS_CONFIG } from "../../../app/lib/language";
import { CORPORA, LANG_WEIGHTS, LANGS, type Lang } from "./corpus/index";
import type { SyntheticCompany, SyntheticUser } from "./people";
import { Rng, rngFor } from "./prng";
import { drawValue, fill, type PostRole, type TemplateSet } from "./templates";

export const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface SeedCategory {
  id: number;
  slug: string;
  kinds: ThreadKind[];
  /** Relative share of threads. */
  weight: number;
}

/** Everything a thread is generated from; built once per run. */
export interface World {
  seed: string;
  batch: number;
  threadCount: number;
  /** The fixed "now" of the data set and the span it covers (no Date.now(): determinism). */
  end: number;
  span: number;
  users: SyntheticUser[];
  companies: SyntheticCompany[];
  categories: SeedCategory[];
  /** Tag ids, most popular first. */
  tagIds: number[];
  templates: TemplateSet;
  pools: Pools;
  firstThreadId: number;
  firstPostId: number;
  /** Post ids: thread i's posts start at firstPostId + postOffsets[i] (filled by the plan pass). */
  postOffsets: Int32Array;
}

/** User indexes by what they do, most active first (a Zipf draw over a list favours its head). */
export interface Pools {
  members: number[];
  byLang: Record<Lang, number[]>;
  /** Members of prospect and trial companies: who asks about prices and seats. */
  buyersByLang: Record<Lang, number[]>;
  newByLang: Record<Lang, number[]>;
  moderators: number[];
  productManagers: number[];
  staffAuthors: number[];
  /** Users who may vote: everyone but newcomers. */
  eligibleVoters: number;
}

export function makePools(seed: string, batch: number, users: SyntheticUser[], companies: SyntheticCompany[]): Pools {
  // Activity rank is a shuffle of the users, so the busiest posters are not simply the first ids.
  const rng = rngFor(seed, batch, "activity");
  const order = users.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const empty = () => ({ en: [], sv: [], no: [], zh: [] }) as Record<Lang, number[]>;
  const pools: Pools = { members: [], byLang: empty(), buyersByLang: empty(), newByLang: empty(), moderators: [], productManagers: [], staffAuthors: [], eligibleVoters: 0 };
  for (const i of order) {
    const u = users[i]!;
    if (!u.isNew) pools.eligibleVoters++;
    if (u.role === "moderator") pools.moderators.push(i);
    if (u.role === "product_manager") pools.productManagers.push(i);
    if (u.role === "admin" || u.role === "product_manager") pools.staffAuthors.push(i);
    if (u.role !== "member") continue;
    if (u.isNew) {
      pools.newByLang[u.lang].push(i);
      continue;
    }
    pools.members.push(i);
    pools.byLang[u.lang].push(i);
    const plan = u.companyIndex !== null ? companies[u.companyIndex]!.plan : null;
    if (plan === "prospect" || plan === "trial") pools.buyersByLang[u.lang].push(i);
  }
  return pools;
}

export interface PostPlan {
  author: number;
  at: number;
  status: PostStatus;
  role: PostRole;
  /** Index of the post replied to, within the thread. */
  replyTo: number | null;
  votes: number;
  reasons: string[];
}

export interface ModActionPlan {
  actor: number;
  action: string;
  targetType: "post" | "thread";
  /** Post index within the thread, or null for the thread. */
  postIndex: number | null;
  reason: string;
  at: number;
  data: Record<string, unknown>;
}

export interface ThreadPlan {
  index: number;
  id: number;
  kind: ThreadKind;
  lang: Lang;
  category: SeedCategory;
  createdAt: number;
  posts: PostPlan[];
  accepted: number | null;
  status: ThreadStatus;
  pinned: boolean;
  ideaStatus: IdeaStatus | null;
  ideaVotes: number;
  tagIds: number[];
  modActions: ModActionPlan[];
}

const KIND_WEIGHTS: [ThreadKind, number][] = [["question", 0.62], ["discussion", 0.23], ["idea", 0.15]];
const IDEA_STATUS_WEIGHTS: [IdeaStatus, number][] = [
  ["open", 0.5], ["under_review", 0.15], ["planned", 0.12], ["in_progress", 0.07], ["shipped", 0.1], ["declined", 0.06],
];
/** Tuned so that about 20% of all threads end up with an accepted answer (the harvest benchmark's mix). */
const ACCEPT_PROBABILITY = 0.382;
const MAX_POSTS = 200;

const REPLY_ROLES: Record<ThreadKind, [PostRole, number][]> = {
  question: [["answer", 0.3], ["reply", 0.55], ["featureReply", 0.07], ["buying", 0.04], ["discussionReply", 0.04]],
  discussion: [["discussionReply", 0.72], ["reply", 0.15], ["featureReply", 0.07], ["buying", 0.03], ["answer", 0.03]],
  idea: [["ideaReply", 0.7], ["reply", 0.12], ["productReply", 0.06], ["featureReply", 0.06], ["buying", 0.06]],
};

function lognormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * rng.normal());
}

function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

function pickFrom(rng: Rng, list: number[], s = 0.7): number {
  return list[rng.zipf(list.length, s)]!;
}

function member(w: World, rng: Rng, lang: Lang): number {
  const own = w.pools.byLang[lang];
  return own.length > 0 && rng.chance(0.9) ? pickFrom(rng, own) : pickFrom(rng, w.pools.members);
}

function voteCount(rng: Rng, role: PostRole, opening: boolean, accepted: boolean, kind: ThreadKind): number {
  if (accepted) return 2 + Math.floor(lognormal(rng, 1.0, 0.8));
  if (opening) return kind === "idea" ? Math.floor(lognormal(rng, -0.5, 1.0)) : Math.floor(lognormal(rng, 0.4, 1.0));
  if (role === "answer") return Math.floor(lognormal(rng, 0, 1.0));
  return Math.floor(lognormal(rng, -0.8, 1.0));
}

/** The structure of thread `index`: no text, no voters; cheap enough to redo in every pass. */
export function planThread(w: World, index: number): ThreadPlan {
  const rng = rngFor(w.seed, w.batch, "thread", index);
  // Voters are distinct and never the author nor a newcomer: no more votes than such users.
  const maxVotes = Math.max(0, w.pools.eligibleVoters - 1);
  let kind = KIND_WEIGHTS[rng.weighted(KIND_WEIGHTS.map((k) => k[1]))]![0];
  let categories = w.categories.filter((c) => c.kinds.includes(kind));
  if (categories.length === 0) {
    categories = w.categories;
    kind = categories[0]!.kinds[0]!;
  }
  const category = categories[rng.weighted(categories.map((c) => c.weight))]!;
  if (!category.kinds.includes(kind)) kind = category.kinds[0]!;
  const lang = LANGS[rng.weighted(LANGS.map((l) => LANG_WEIGHTS[l]))]!;
  const start = w.end - w.span;
  // Spread evenly over the span, in id order (ids grow with time, as in a real database).
  const createdAt = Math.round(start + (index + rng.next()) * (w.span / w.threadCount));
  const staffThread = category.slug === "announcements" && w.pools.staffAuthors.length > 0;
  const asker = staffThread ? rng.pick(w.pools.staffAuthors) : member(w, rng, lang);
  const askerCompany = w.users[asker]!.companyIndex;
  const askerPlan = askerCompany === null ? null : w.companies[askerCompany]!.plan;
  const askerIsBuyer = askerPlan === "prospect" || askerPlan === "trial";
  const openingRole: PostRole = kind === "question" ? (askerIsBuyer && rng.chance(0.2) ? "questionBuying" : "question") : kind;

  const posts: PostPlan[] = [{ author: asker, at: createdAt, status: "visible", role: openingRole, replyTo: null, votes: 0, reasons: [] }];
  const noReplies = rng.chance(kind === "question" ? 0.12 : 0.08);
  const wanted = noReplies ? 0 : Math.min(MAX_POSTS - 1, Math.floor(lognormal(rng, 1.87, 1.0)));
  const roles = REPLY_ROLES[kind];
  let at = createdAt;
  for (let k = 1; k <= wanted; k++) {
    // Quick first answers, slower later ones; a thread that reaches "now" simply stops there.
    at += Math.round(30_000 + exponential(rng, k === 1 ? 5 * HOUR : 10 * HOUR * (1 + k / 25)));
    if (at > w.end) break;
    const role = roles[rng.weighted(roles.map((r) => r[1]))]![0];
    let author: number;
    let status: PostStatus = "visible";
    let reasons: string[] = [];
    const newcomers = w.pools.newByLang[lang];
    if (at > w.end - 30 * DAY && newcomers.length > 0 && rng.chance(0.06)) {
      // A member who signed up this month: held for review, as the app's screening does.
      author = rng.pick(newcomers);
      status = "pending";
      reasons = ["new_user"];
    } else if (role === "productReply" && w.pools.productManagers.length > 0) {
      author = rng.pick(w.pools.productManagers);
    } else if (role === "answer" && w.pools.moderators.length > 0 && rng.chance(0.12)) {
      author = rng.pick(w.pools.moderators);
    } else if (role === "buying" && w.pools.buyersByLang[lang].length > 0) {
      author = pickFrom(rng, w.pools.buyersByLang[lang]);
    } else {
      author = member(w, rng, lang);
      if (author === asker) author = member(w, rng, lang);
    }
    if (status === "visible" && rng.chance(0.006)) status = "hidden";
    const replyTo = k >= 2 && rng.chance(0.15) ? rng.int(k) : null;
    posts.push({ author, at, status, role, replyTo, votes: 0, reasons });
  }

  let accepted: number | null = null;
  if (kind === "question") {
    const candidates: number[] = [];
    for (let k = 1; k < posts.length && candidates.length < 4; k++) {
      if (posts[k]!.status === "visible" && posts[k]!.author !== asker) candidates.push(k);
    }
    if (candidates.length > 0 && rng.chance(ACCEPT_PROBABILITY)) {
      accepted = candidates[rng.weighted(candidates.map((_, i) => 1 / (i + 1)))]!;
      const answer = posts[accepted]!;
      answer.role = "answer";
      answer.replyTo = null;
      const next = posts[accepted + 1];
      if (next && rng.chance(0.6)) {
        Object.assign(next, { author: asker, role: "thanks", status: "visible", reasons: [], replyTo: accepted });
      }
    }
  }
  for (let k = 0; k < posts.length; k++) {
    const p = posts[k]!;
    if (p.replyTo !== null && posts[p.replyTo]!.status !== "visible") p.replyTo = null;
    if (p.status === "visible") p.votes = Math.min(maxVotes, voteCount(rng, p.role, k === 0, k === accepted, kind));
  }

  const modActions: ModActionPlan[] = [];
  const moderator = () => rng.pick(w.pools.moderators);
  const later = (from: number, meanHours: number) => Math.min(w.end, Math.round(from + 60_000 + exponential(rng, meanHours * HOUR)));
  if (w.pools.moderators.length > 0) {
    posts.forEach((p, k) => {
      if (p.status === "hidden") {
        modActions.push({ actor: moderator(), action: "post.hide", targetType: "post", postIndex: k, reason: rng.pick(["Spam", "Off-topic", "Personal data"]), at: later(p.at, 6), data: { from: "visible", to: "hidden" } });
      }
    });
  }
  const lastAt = posts[posts.length - 1]!.at;
  let status: ThreadStatus = "open";
  const roll = rng.next();
  if (w.pools.moderators.length > 0 && roll < 0.03) {
    status = roll < 0.015 ? "locked" : "closed";
    modActions.push({ actor: moderator(), action: status === "locked" ? "thread.lock" : "thread.close", targetType: "thread", postIndex: null, reason: status === "locked" ? "Heated discussion" : "Resolved elsewhere", at: later(lastAt, 24), data: {} });
  }
  const pinned = w.pools.moderators.length > 0 && rng.chance(kind === "discussion" ? 0.002 : 0.0002);
  if (pinned) modActions.push({ actor: moderator(), action: "thread.pin", targetType: "thread", postIndex: null, reason: "", at: later(createdAt, 2), data: {} });

  const ideaStatus = kind === "idea" ? IDEA_STATUS_WEIGHTS[rng.weighted(IDEA_STATUS_WEIGHTS.map((s) => s[1]))]![0] : null;
  const ideaVotes = kind === "idea" ? Math.min(maxVotes, 3000, Math.floor(lognormal(rng, 2.0, 1.2))) : 0;

  const tagIds: number[] = [];
  const tagCount = w.tagIds.length === 0 ? 0 : rng.weighted([0.3, 0.35, 0.23, 0.12]);
  for (let t = 0; t < tagCount * 3 && tagIds.length < tagCount; t++) {
    const id = w.tagIds[rng.zipf(w.tagIds.length, 1.0)]!;
    if (!tagIds.includes(id)) tagIds.push(id);
  }

  return {
    index,
    id: w.firstThreadId + index,
    kind,
    lang,
    category,
    createdAt,
    posts,
    accepted,
    status,
    pinned,
    ideaStatus,
    ideaVotes,
    tagIds,
    modActions,
  };
}

export const postId = (w: World, plan: ThreadPlan, k: number) => w.firstPostId + w.postOffsets[plan.index]! + k;

/** What the thread row needs from its posts, as the app's counters keep it. */
export function threadCounters(plan: ThreadPlan) {
  let visible = 0;
  let lastPostAt = plan.createdAt;
  for (const p of plan.posts) {
    if (p.status === "visible") visible++;
    // Hidden posts were public when written (their thread's last_post_at moved then);
    // held ones never moved it.
    if ((p.status === "visible" || p.status === "hidden") && p.at > lastPostAt) lastPostAt = p.at;
  }
  const voteCount = plan.kind === "idea" ? plan.ideaVotes : plan.posts[0]!.votes;
  return { postCount: visible, lastPostAt, voteCount };
}

// ── Text ────────────────────────────────────────────────────────────────────────────────────

export interface PostBody {
  md: string;
  html: string;
  plainText: string;
  /** Search fields: only computed when asked for (the posts pass), analysis costs. */
  language: Language;
  searchConfig: string;
  searchText: string;
  searchLexemes: string;
}

export interface ThreadText {
  title: string;
  bodies: PostBody[];
}

/**
 * The fields the app's prepareBody would store for a filled template: HTML and plain text
 * from the template's pre-rendered parts, then language and search text per post with the
 * app's own functions, in prepareBody's order.
 */
function bodyFor(w: World, rng: Rng, lang: Lang, role: PostRole, search: boolean): PostBody {
  const template = rng.pick(w.templates.byRole(lang, role));
  const corpus = CORPORA[lang];
  const values = template.kinds.map((kind) => drawValue(kind, corpus, rng));
  const plainText = fill(template.plain, values);
  // The language the text was written in: the seed knows it, so it does not ask the identifier
  // (which would cost more than everything else here); the index is the app's own analysis.
  return {
    md: fill(template.md, values),
    html: fill(template.html, values),
    plainText,
    language: lang,
    searchConfig: TS_CONFIG[lang],
    searchText: search ? plainText : "",
    searchLexemes: search ? searchLexemes(plainText, lang) : "",
  };
}

/**
 * Title and bodies of a planned thread. `upTo` limits the bodies generated (the threads pass
 * needs only the opening post's); the stream order (title, then post 1, 2, …) keeps a partial
 * generation identical to the start of a full one.
 */
export function writeThread(w: World, plan: ThreadPlan, options: { upTo?: number; search?: boolean } = {}): ThreadText {
  const upTo = options.upTo ?? plan.posts.length;
  const rng = rngFor(w.seed, w.batch, "text", plan.index);
  const corpus = CORPORA[plan.lang];
  const titleTemplate = rng.pick(w.templates.titles(plan.lang, plan.kind));
  const title = fill(titleTemplate.text, titleTemplate.kinds.map((kind) => drawValue(kind, corpus, rng)));
  if (title.length > 200) throw new Error(`a generated title is longer than 200 characters: ${title}`);
  const bodies: PostBody[] = [];
  for (let k = 0; k < upTo; k++) bodies.push(bodyFor(w, rng, plan.lang, plan.posts[k]!.role, options.search ?? false));
  return { title, bodies };
}

/** A title's search fields, in the language of its thread (the opening post's). */
export function titleFields(title: string, opening: PostBody) {
  return { language: opening.language, searchConfig: TS_CONFIG[opening.language], titleSearchText: title, titleLexemes: searchLexemes(title, opening.language), searchVersion: SEARCH_VERSION };
}

// ── Votes ───────────────────────────────────────────────────────────────────────────────────

export interface Vote {
  user: number;
  at: number;
}

/** Distinct voters (never the author, never a member still awaiting review) with times after the post. */
function drawVoters(w: World, rng: Rng, count: number, exclude: number, after: number): Vote[] {
  const chosen = new Set<number>();
  const votes: Vote[] = [];
  const take = (user: number) => {
    chosen.add(user);
    let delta = exponential(rng, 2 * DAY);
    if (after + delta > w.end) delta = (w.end - after) * rng.next();
    votes.push({ user, at: Math.round(after + delta) });
  };
  const eligible = (user: number) => user !== exclude && !chosen.has(user) && !w.users[user]!.isNew;
  for (let attempts = 0; votes.length < count && attempts < count * 20; attempts++) {
    const user = rng.int(w.users.length);
    if (eligible(user)) take(user);
  }
  // Random draws can miss when nearly everyone votes (small communities): a scan completes
  // the count, so the stored vote_count is always exactly the number of vote rows.
  for (let user = rng.int(w.users.length), seen = 0; votes.length < count && seen < w.users.length; seen++, user = (user + 1) % w.users.length) {
    if (eligible(user)) take(user);
  }
  if (votes.length < count) throw new Error(`only ${votes.length} of ${count} voters available`);
  return votes;
}

export interface ThreadVotes {
  /** Per post index: its voters (exactly plan.posts[k].votes of them, when enough users exist). */
  posts: Vote[][];
  idea: Vote[];
}

export function voteThread(w: World, plan: ThreadPlan): ThreadVotes {
  const rng = rngFor(w.seed, w.batch, "votes", plan.index);
  const posts = plan.posts.map((p) => (p.votes > 0 ? drawVoters(w, rng, p.votes, p.author, p.at) : []));
  const idea = plan.ideaVotes > 0 ? drawVoters(w, rng, plan.ideaVotes, -1, plan.createdAt) : [];
  return { posts, idea };
}
