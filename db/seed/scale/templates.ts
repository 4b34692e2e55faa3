/**
 * Post bodies come from a bounded set of templates: Markdown assembled from the corpus blocks,
 * with slots that are filled per post. Each template is rendered ONCE through the app's real
 * pipeline (renderMarkdown, in its worker threads, a few at a time), and turned into plain text
 * once with the app's htmlToPlainText; a post then costs a few string joins instead of ~2 ms of
 * rendering.
 *
 * That is only honest if filling a slot commutes with rendering. It does for the values we
 * allow (SAFE_VALUE: letters, digits, spaces and a few punctuation marks that Markdown, HTML
 * escaping and the plain-text step all leave alone), and it is checked here, per template:
 * the template filled with probe values is rendered for real and must equal the filled HTML.
 * Language detection and search text are NOT precomputed: they depend on the filled words
 * (a Norwegian reply can read as English or Norwegian depending on one noun), so they run per
 * post (threads.ts), with the app's functions. The seed also re-derives a sample of its posts
 * with the app's own prepareBody (see index.ts), so a change in the app's pipeline that
 * breaks any of this shows up as a clear error instead of silently different data.
 */
import type { ThreadKind } from "../../schema";
import { htmlToPlainText, renderMarkdown } from "../../../app/lib/markdown/render.server";
import { CODE_BLOCKS, CORPORA, LANGS, SHARED_VALUES, SLOT_KINDS, type Lang, type LanguageCorpus, type SlotKind } from "./corpus/index";
import { mapLimited, RENDER_CONCURRENCY, retryBusy } from "./limit";
import { Rng, rngFor } from "./prng";

export const POST_ROLES = [
  "question", "questionBuying", "discussion", "idea",
  "answer", "reply", "thanks", "discussionReply", "ideaReply", "productReply", "buying", "featureReply",
] as const;
export type PostRole = (typeof POST_ROLES)[number];

/** A text split around its slots: parts[0] + values[slots[0]] + parts[1] + … */
export interface Split {
  parts: string[];
  slots: number[];
}

export interface BodyTemplate {
  id: number;
  lang: Lang;
  role: PostRole;
  /** The kind of each slot, by slot index. */
  kinds: SlotKind[];
  md: Split;
  html: Split;
  plain: Split;
}

export interface TitleTemplate {
  lang: Lang;
  kind: ThreadKind;
  kinds: SlotKind[];
  text: Split;
}

/** How many distinct templates to assemble per language and role (fewer if the blocks run out). */
const TEMPLATES_PER_ROLE: Record<PostRole, number> = {
  question: 70, questionBuying: 20, discussion: 30, idea: 40,
  answer: 70, reply: 60, thanks: 10, discussionReply: 30, ideaReply: 30, productReply: 10, buying: 30, featureReply: 30,
};

/** What a slot value may contain: see the module comment. No `*_~\`[]<>&"'@!|#\\`, no leading or trailing space. */
const SAFE_VALUE = /^[\p{L}\p{N}](?:[\p{L}\p{N} .:\/+-]*[\p{L}\p{N}])?$/u;
const SLOT = new RegExp(`\\{(${SLOT_KINDS.join("|")})\\}`, "g");
const TOKEN = /xqz(\d+)zqx/g;
const token = (k: number) => `xqz${k}zqx`;
/** Slot kinds whose values start with a digit: at a line start they could open a list. */
const NUMERIC = new Set<SlotKind>(["version", "n", "seats", "ticket"]);

const SEATS = ["10", "25", "40", "50", "75", "100", "120", "150", "200", "250", "300", "400", "500", "750", "1000", "1500", "2000", "5000"];

/** A value for a slot, in the template's language; numbers and codes are made up per post. */
export function drawValue(kind: SlotKind, corpus: LanguageCorpus, rng: Rng): string {
  switch (kind) {
    case "feature":
      // Some features come up far more often than others, as in a real product's forum.
      return corpus.values.feature[rng.zipf(corpus.values.feature.length, 0.9)]!;
    case "problem":
    case "rare":
    case "team":
    case "weekday":
      return rng.pick(corpus.values[kind]);
    case "integration":
      return SHARED_VALUES.integration[rng.zipf(SHARED_VALUES.integration.length, 0.8)]!;
    case "platform":
    case "browser":
    case "db":
      return rng.pick(SHARED_VALUES[kind]);
    case "version":
      return `${rng.range(3, 6)}.${rng.range(0, 14)}.${rng.range(0, 9)}`;
    case "n":
      return String(rng.range(2, 400));
    case "seats":
      return rng.pick(SEATS);
    case "err":
      return `E${rng.range(1000, 9999)}`;
    case "ticket":
      // Five or six digits: tokens that occur in one or two posts, the rarest words of all.
      return String(rng.range(10_000, 999_999));
  }
}

export function fill(split: Split, values: readonly string[]): string {
  let out = split.parts[0]!;
  for (let i = 0; i < split.slots.length; i++) out += values[split.slots[i]!]! + split.parts[i + 1]!;
  return out;
}

function splitAtTokens(text: string, slotCount: number, where: string): Split {
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    parts.push(text.slice(last, m.index));
    slots.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  const sorted = [...slots].sort((a, b) => a - b);
  if (sorted.length !== slotCount || sorted.some((s, i) => s !== i)) {
    throw new Error(`template slots did not survive ${where} intact: expected ${slotCount}, found [${slots.join(", ")}] in ${JSON.stringify(text.slice(0, 200))}`);
  }
  return { parts, slots };
}

/** Replaces `{kind}` slots with numbered tokens; returns the kinds in order. */
function tokenize(source: string): { text: string; kinds: SlotKind[] } {
  const kinds: SlotKind[] = [];
  const text = source.replace(SLOT, (_all, kind: SlotKind) => token(kinds.push(kind) - 1));
  return { text, kinds };
}

function checkLineStarts(md: string): void {
  for (const line of md.split("\n")) {
    const m = /^\s*(?:[-*>]\s+|\d+\.\s+)?\{(\w+)\}/.exec(line);
    if (m && NUMERIC.has(m[1] as SlotKind)) throw new Error(`a numeric slot starts a line in a template: ${JSON.stringify(line)}`);
  }
}

// ── Assembly of Markdown from blocks ────────────────────────────────────────────────────────

function code(c: LanguageCorpus, rng: Rng): string {
  return `${rng.pick(c.blocks.codeLead)}\n\n${rng.pick(CODE_BLOCKS)}`;
}

/** One Markdown body (with slots) for a role; blocks are separated by blank lines. */
function compose(role: PostRole, c: LanguageCorpus, rng: Rng): string {
  const b = c.blocks;
  const out: string[] = [];
  const maybe = (p: number, block: () => string) => {
    if (rng.chance(p)) out.push(block());
  };
  switch (role) {
    case "question":
    case "questionBuying": {
      out.push(rng.pick(b.questionIntro));
      maybe(0.7, () => rng.pick(b.context));
      const extra = rng.weighted([0.35, 0.35, 0.15, 0.15]);
      if (extra === 0) out.push(rng.pick(b.tried));
      else if (extra === 1) out.push(code(c, rng));
      else if (extra === 2) out.push(rng.pick(b.linkOrQuote));
      if (role === "questionBuying") out.push(rng.pick(b.buyingIntent));
      out.push(rng.pick(b.questionEnd));
      break;
    }
    case "discussion":
      out.push(rng.pick(b.discussionIntro), rng.pick(b.discussionBody));
      maybe(0.3, () => rng.pick(b.linkOrQuote));
      maybe(0.3, () => rng.pick(b.questionEnd));
      break;
    case "idea":
      out.push(rng.pick(b.featureRequest), rng.pick(b.useCase));
      maybe(0.3, () => rng.pick(b.featureRequest));
      maybe(0.15, () => rng.pick(b.buyingIntent));
      break;
    case "answer": {
      out.push(rng.pick(b.answerIntro));
      const body = rng.weighted([0.5, 0.3, 0.2]);
      if (body === 0) out.push(rng.pick(b.answerSteps));
      else if (body === 1) out.push(code(c, rng));
      else out.push(rng.pick(b.answerSteps), code(c, rng));
      maybe(0.5, () => rng.pick(b.answerExplain));
      maybe(0.2, () => rng.pick(b.linkOrQuote));
      out.push(rng.pick(b.answerEnd));
      break;
    }
    case "reply": {
      const kind = rng.weighted([0.5, 0.35, 0.15]);
      if (kind === 0) out.push(rng.pick(b.replyShort));
      else if (kind === 1) out.push(rng.pick(b.replyInfo));
      else out.push(rng.pick(b.replyInfo), code(c, rng));
      break;
    }
    case "thanks":
      out.push(rng.pick(b.thanks));
      break;
    case "discussionReply":
      out.push(rng.pick(b.discussionReply));
      maybe(0.3, () => rng.pick(b.replyInfo));
      break;
    case "ideaReply":
      out.push(rng.pick(b.ideaReply));
      maybe(0.3, () => rng.pick(b.useCase));
      maybe(0.2, () => rng.pick(b.featureRequest));
      break;
    case "productReply":
      out.push(rng.pick(b.productReply));
      break;
    case "buying":
      out.push(rng.pick(b.buyingIntent));
      maybe(0.3, () => rng.pick(b.buyingIntent));
      maybe(0.3, () => rng.pick(b.context));
      break;
    case "featureReply":
      maybe(0.4, () => rng.pick(b.replyShort));
      out.push(rng.pick(b.featureRequest));
      maybe(0.5, () => rng.pick(b.useCase));
      break;
  }
  // The same block drawn twice in a row reads like a bug in the data: drop repeats.
  return out.filter((block, i) => block !== out[i - 1]).join("\n\n");
}

// ── The set ─────────────────────────────────────────────────────────────────────────────────

export interface TemplateSet {
  bodies: BodyTemplate[];
  byRole(lang: Lang, role: PostRole): BodyTemplate[];
  titles(lang: Lang, kind: ThreadKind): TitleTemplate[];
  /** Renders done while building (for the summary). */
  renders: number;
}

function checkValues(): void {
  const lists: string[][] = [...Object.values(SHARED_VALUES), SEATS];
  for (const c of Object.values(CORPORA)) lists.push(...Object.values(c.values));
  for (const list of lists) {
    for (const value of list) {
      if (!SAFE_VALUE.test(value) || /\s{2}|www\.|https?:/i.test(value)) throw new Error(`unsafe slot value in the corpus: ${JSON.stringify(value)}`);
    }
  }
}

/**
 * The app's two-second limit is meant for hostile input; ours is benign, and on a machine busy
 * with other work a fresh worker's start-up alone can take longer. The output does not depend
 * on the limit.
 */
const RENDER_OPTIONS = { timeoutMs: 60_000 };

let built: Promise<TemplateSet> | undefined;

/**
 * Assembles, renders and checks every template. Deterministic: the corpus stream is fixed, so
 * every run (and every N) gets the same templates; a process builds them once.
 */
export function buildTemplates(): Promise<TemplateSet> {
  built ??= assemble().catch((error) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function assemble(): Promise<TemplateSet> {
  checkValues();
  const drafts: { lang: Lang; role: PostRole; md: string; kinds: SlotKind[] }[] = [];
  for (const lang of LANGS) {
    const corpus = CORPORA[lang];
    for (const role of POST_ROLES) {
      const seen = new Set<string>();
      const rng = rngFor("gleaner-corpus-v1", lang, role);
      // Draw until the wanted count or until new combinations stop coming.
      for (let attempt = 0; attempt < TEMPLATES_PER_ROLE[role] * 6 && seen.size < TEMPLATES_PER_ROLE[role]; attempt++) {
        const source = compose(role, corpus, rng);
        if (seen.has(source)) continue;
        seen.add(source);
        checkLineStarts(source);
        const { text, kinds } = tokenize(source);
        drafts.push({ lang, role, md: text, kinds });
      }
    }
  }

  let renders = 0;
  // Without a key (the pool's per-author cap is for people) and a few at a time (its queue is
  // bounded overall): see limit.ts.
  const render = (markdown: string) => retryBusy(() => renderMarkdown(markdown, RENDER_OPTIONS));
  const bodies = await mapLimited(
    drafts,
    RENDER_CONCURRENCY,
    async (draft, id): Promise<BodyTemplate> => {
      const corpus = CORPORA[draft.lang];
      const html = await render(draft.md);
      renders++;
      const md = splitAtTokens(draft.md, draft.kinds.length, "tokenizing");
      const htmlSplit = splitAtTokens(html, draft.kinds.length, "rendering");
      const plain = splitAtTokens(htmlToPlainText(html), draft.kinds.length, "the plain-text step");

      // The proof that filling commutes with the pipeline, on real values.
      const probe = rngFor("gleaner-probe-v1", id);
      const values = draft.kinds.map((kind) => drawValue(kind, corpus, probe));
      const filledMd = fill(md, values);
      const realHtml = await render(filledMd);
      renders++;
      if (realHtml !== fill(htmlSplit, values)) {
        throw new Error(`template ${id} (${draft.lang} ${draft.role}) renders differently once filled:\n${filledMd}\n---\n${realHtml}`);
      }
      if (htmlToPlainText(realHtml) !== fill(plain, values)) {
        throw new Error(`template ${id} (${draft.lang} ${draft.role}): plain text differs once filled`);
      }
      return { id, lang: draft.lang, role: draft.role, kinds: draft.kinds, md, html: htmlSplit, plain };
    },
  );

  const index = new Map<string, BodyTemplate[]>();
  for (const t of bodies) {
    const key = `${t.lang}:${t.role}`;
    if (!index.has(key)) index.set(key, []);
    index.get(key)!.push(t);
  }
  const titleIndex = new Map<string, TitleTemplate[]>();
  for (const lang of LANGS) {
    for (const kind of ["question", "discussion", "idea"] as const) {
      titleIndex.set(
        `${lang}:${kind}`,
        CORPORA[lang].titles[kind].map((source) => {
          const { text, kinds } = tokenize(source);
          return { lang, kind, kinds, text: splitAtTokens(text, kinds.length, "tokenizing") };
        }),
      );
    }
  }
  return {
    bodies,
    renders,
    byRole: (lang, role) => {
      const list = index.get(`${lang}:${role}`);
      if (!list?.length) throw new Error(`no templates for ${lang} ${role}`);
      return list;
    },
    titles: (lang, kind) => titleIndex.get(`${lang}:${kind}`)!,
  };
}
