/**
 * The shape of a language's corpus. Texts are Markdown with `{slot}` placeholders; a slot is
 * filled per post with a value of its kind (see SLOT_KINDS), so a bounded set of templates,
 * each rendered once by the real pipeline, yields many different posts.
 *
 * Rules for texts (checked when templates are built): a slot never starts a line (a value
 * like "4.2" there could turn into a list), never sits inside a link target, and values are
 * plain words and numbers (see `SAFE_VALUE` in templates.ts), so a value reads the same in the
 * Markdown, the HTML and the plain text.
 */
export type Lang = "en" | "sv" | "no" | "zh";

/** Slots whose values depend on the language. */
export type LocalSlot = "feature" | "problem" | "rare" | "team" | "weekday";
/** Slots whose values are the same in every language (product names, numbers, codes). */
export type SharedSlot = "integration" | "platform" | "browser" | "version" | "n" | "seats" | "err" | "ticket" | "db";
export type SlotKind = LocalSlot | SharedSlot;

export const SLOT_KINDS: readonly SlotKind[] = [
  "feature", "problem", "rare", "team", "weekday",
  "integration", "platform", "browser", "version", "n", "seats", "err", "ticket", "db",
];

export interface LanguageCorpus {
  lang: Lang;
  /** First and last names for handles and display (ASCII is made from them for handles). */
  firstNames: string[];
  lastNames: string[];
  values: Record<LocalSlot, string[]>;
  titles: { question: string[]; discussion: string[]; idea: string[] };
  blocks: {
    /** Question openers: what the asker tries and what goes wrong. */
    questionIntro: string[];
    /** Setup details: versions, platforms, sizes. */
    context: string[];
    /** A Markdown list of what was tried. */
    tried: string[];
    /** Lead-in sentence before a code block or log excerpt ("The log says:"). */
    codeLead: string[];
    /** The closing question. */
    questionEnd: string[];
    answerIntro: string[];
    /** Numbered or bulleted steps. */
    answerSteps: string[];
    answerExplain: string[];
    answerEnd: string[];
    /** Short replies: "same here", "+1", a follow-up question. */
    replyShort: string[];
    /** Replies that add information, often with a workaround. */
    replyInfo: string[];
    /** The asker after a solution: thanks, it worked. */
    thanks: string[];
    discussionIntro: string[];
    discussionBody: string[];
    discussionReply: string[];
    /** Feature requests in the phrasing customers use ("it would be great if…"). */
    featureRequest: string[];
    /** Why the feature matters: the use case, often with a workaround (an implied need). */
    useCase: string[];
    /** Replies on an idea: +1 with context. */
    ideaReply: string[];
    /** A product manager answering on an idea. */
    productReply: string[];
    /** Buying intent: pricing, seats, licences, trials, SAML, sales contact. */
    buyingIntent: string[];
    /** Paragraphs with a link or a quote, to vary the Markdown. */
    linkOrQuote: string[];
  };
  /** Words for search benchmarks: ones in many posts and ones in few (see `searchProbes`). */
  probes: { common: string[]; rare: string[] };
}
