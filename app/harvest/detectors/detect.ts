/**
 * The detectors: every sentence of a post is read by the phrase rules of all four languages
 * (customers mix them, and a phrase that is unambiguous fires whatever the sentence's
 * language), the evidence for each kind is combined, and counter-evidence (a bug report, a
 * past purchase, an order that is late) damps it. A kind scores
 *
 *   (1 − Π(1 − wᵢ) over its matching rules) × Π(1 − dⱼ) over matching counter rules,
 *
 * so one strong phrase or several weak ones can reach the threshold. A sentence is either a
 * feature request or an implied need, never both (the stronger wins); buying intent can come
 * with either ("we would buy 50 seats once you add SAML").
 */
import { THRESHOLDS } from "./config";
import { identifyLanguage, loadLanguageIdentifier } from "./language";
import { normalize, sourceOf } from "./normalize";
import { compileRules, groupCounters, groupRules, type CompiledCounter, type CompiledRule } from "./rules/compile";
import { RULE_SETS } from "./rules/index";
import { LiteralScanner, requiredLiterals } from "./rules/prefilter";
import { splitSentences } from "./sentences";
import { LANGUAGES } from "../../../db/schema";
import { SIGNAL_KINDS, type DetectOptions, type Language, type Signal, type SignalKind } from "./types";

const { rules, counters } = compileRules(RULE_SETS);
const groups = groupRules(rules);
const counterGroups = groupCounters(counters);

/**
 * The prefiltered path: the rules, then the counters, in the order the groups hold them (so
 * evidence is gathered in the same order as by the groups), numbered in that order; each with
 * the strings one of which it needs; and one literal scanner per script over all of them
 * (rules/prefilter.ts).
 */
interface Entry {
  rule: CompiledRule | null;
  counter: CompiledCounter | null;
  /** miss key (language:kind) for a rule, the language for a counter. */
  key: string;
  han: boolean;
}
const entries: Entry[] = [
  ...groups.flatMap((group) => group.rules).map((rule) => ({ rule, counter: null, key: `${rule.language}:${rule.kind}`, han: rule.script === "han" })),
  ...counterGroups.flatMap((group) => group.counters).map((counter) => ({ rule: null, counter, key: counter.language, han: counter.script === "han" })),
];
const firstCounter = entries.some((entry) => entry.counter) ? entries.findIndex((entry) => entry.counter) : entries.length;
const literals = entries.map((entry) => requiredLiterals((entry.rule ?? entry.counter)!.regex));
const scanners = {
  latin: new LiteralScanner(literals.flatMap((strings, i) => (strings && !entries[i]!.han ? [{ rule: i, strings }] : []))),
  han: new LiteralScanner(literals.flatMap((strings, i) => (strings && entries[i]!.han ? [{ rule: i, strings }] : []))),
};
/** Entries that need no particular string: they run on every sentence of their script. */
const always = { latin: literals.flatMap((strings, i) => (!strings && !entries[i]!.han ? [i] : [])), han: literals.flatMap((strings, i) => (!strings && entries[i]!.han ? [i] : [])) };
/** marks[i] === stamp: entry i is a candidate for the current sentence. */
const marks = new Uint32Array(entries.length);
let stamp = 0;

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN = /[a-z\u00c0-\u024f]/;

interface Evidence {
  score: number;
  matched: Array<{ at: number; text: string }>;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The text as the Latin-script rules read it: a character above U+00FF (Han, an emoji, "€") is
 * replaced, unit for unit, by a Latin-1 stand-in of the same class, "þ" for a letter or digit and
 * "¤" for anything else. Latin patterns contain no character above U+00FF (a unit test holds
 * that), so every match, word boundary and position is as on the original; but the string is
 * one byte wide, and V8 runs several hundred regular expressions over one-byte strings several
 * times faster than over two-byte ones (measured in bench/: mixed Chinese and Latin text was
 * about ten times slower).
 */
export function latinView(text: string): string {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 0xff) i++;
  if (i === text.length) return text;
  // Built from character codes: a slice of a two-byte string stays two bytes wide in V8.
  const codes = new Array<number>(text.length);
  for (let k = 0; k < i; k++) codes[k] = text.charCodeAt(k);
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code <= 0xff) {
      codes[i++] = code;
      continue;
    }
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const stand = (point >= 0x4e00 && point <= 0x9fff) || WORD_CHAR.test(String.fromCodePoint(point)) ? 0xfe : 0xa4;
    codes[i++] = stand;
    if (width === 2) codes[i++] = stand;
  }
  let out = "";
  for (let k = 0; k < codes.length; k += 4096) out += String.fromCharCode(...codes.slice(k, k + 4096));
  return out;
}

/**
 * Scores each kind on one sentence; the text is the sentence as the rules read it. Evidence is
 * combined within each language's rules and the best language counts, so a phrase that two
 * languages share ("demo", "rabatt") is not counted twice; likewise the strongest language's
 * counter-evidence applies.
 *
 * Only the rules whose required strings occur in the sentence run (rules/prefilter.ts): one pass
 * of a literal scanner over the sentence instead of a scan per group of rules. What they find is
 * exactly what every rule would find, in the same order.
 */
export function scoreSentence(text: string): Record<SignalKind, Evidence> {
  const normalized = normalize(text);
  const hasHan = HAN.test(normalized.text);
  const hasLatin = LATIN.test(normalized.text);
  const latin = hasLatin ? latinView(normalized.text) : normalized.text;
  if (++stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 1;
  }
  const candidates: number[] = [];
  if (hasLatin) {
    scanners.latin.scan(latin, marks, stamp, candidates);
    for (const i of always.latin) candidates.push(i);
  }
  if (hasHan) {
    scanners.han.scan(normalized.text, marks, stamp, candidates);
    for (const i of always.han) candidates.push(i);
  }
  candidates.sort((a, b) => a - b);
  const miss = new Map<string, number>();
  const matched: Record<SignalKind, Evidence["matched"]> = { feature_request: [], implied_need: [], buying_intent: [] };
  let c = 0;
  for (; c < candidates.length && candidates[c]! < firstCounter; c++) {
    const entry = entries[candidates[c]!]!;
    const rule = entry.rule!;
    const match = rule.regex.exec(entry.han ? normalized.text : latin);
    if (!match) continue;
    miss.set(entry.key, (miss.get(entry.key) ?? 1) * (1 - rule.weight));
    matched[rule.kind].push({ at: match.index, text: sourceOf(normalized, text, match.index, match.index + match[0].length) });
  }
  if (miss.size === 0) return { feature_request: { score: 0, matched: [] }, implied_need: { score: 0, matched: [] }, buying_intent: { score: 0, matched: [] } };
  const keep = new Map<string, number>();
  for (; c < candidates.length; c++) {
    const entry = entries[candidates[c]!]!;
    const counter = entry.counter!;
    if (!counter.regex.test(entry.han ? normalized.text : latin)) continue;
    for (const [kind, weight] of Object.entries(counter.damps) as [SignalKind, number][]) {
      const key = `${entry.key}:${kind}`;
      keep.set(key, (keep.get(key) ?? 1) * (1 - weight));
    }
  }
  return combine(miss, keep, matched);
}

function combine(miss: Map<string, number>, keep: Map<string, number>, matched: Record<SignalKind, Evidence["matched"]>): Record<SignalKind, Evidence> {
  const result = {} as Record<SignalKind, Evidence>;
  for (const kind of SIGNAL_KINDS) {
    let best = 0;
    let damp = 1;
    for (const language of LANGUAGES) {
      best = Math.max(best, 1 - (miss.get(`${language}:${kind}`) ?? 1));
      damp = Math.min(damp, keep.get(`${language}:${kind}`) ?? 1);
    }
    result[kind] = { score: best * damp, matched: matched[kind] };
  }
  return result;
}

/** scoreSentence without the prefilter: every group of rules tests the sentence. The reference the prefiltered path is held to. */
function scoreSentenceUnfiltered(text: string): Record<SignalKind, Evidence> {
  const normalized = normalize(text);
  const hasHan = HAN.test(normalized.text);
  const hasLatin = LATIN.test(normalized.text);
  const latin = hasLatin ? latinView(normalized.text) : normalized.text;
  const miss = new Map<string, number>();
  const matched: Record<SignalKind, Evidence["matched"]> = { feature_request: [], implied_need: [], buying_intent: [] };
  for (const group of groups) {
    const han = group.rules[0]!.script === "han";
    if (han ? !hasHan : !hasLatin) continue;
    const subject = han ? normalized.text : latin;
    if (!group.any.test(subject)) continue;
    for (const rule of group.rules) {
      const match = rule.regex.exec(subject);
      if (!match) continue;
      const key = `${rule.language}:${rule.kind}`;
      miss.set(key, (miss.get(key) ?? 1) * (1 - rule.weight));
      matched[rule.kind].push({ at: match.index, text: sourceOf(normalized, text, match.index, match.index + match[0].length) });
    }
  }
  if (miss.size === 0) return { feature_request: { score: 0, matched: [] }, implied_need: { score: 0, matched: [] }, buying_intent: { score: 0, matched: [] } };
  const keep = new Map<string, number>();
  for (const group of counterGroups) {
    const han = group.counters[0]!.script === "han";
    if (han ? !hasHan : !hasLatin) continue;
    const subject = han ? normalized.text : latin;
    if (!group.any.test(subject)) continue;
    for (const counter of group.counters) {
      if (!counter.regex.test(subject)) continue;
      for (const [kind, weight] of Object.entries(counter.damps) as [SignalKind, number][]) {
        const key = `${counter.language}:${kind}`;
        keep.set(key, (keep.get(key) ?? 1) * (1 - weight));
      }
    }
  }
  return combine(miss, keep, matched);
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** The signals in a post, at most one of each kind per sentence, in sentence order. */
export function detectSignals(text: string, options: DetectOptions = {}): Signal[] {
  return detectWith(scoreSentence, text, options);
}

/** detectSignals with every group of rules testing every sentence: the reference for the prefilter's tests. */
export function detectSignalsUnfiltered(text: string, options: DetectOptions = {}): Signal[] {
  return detectWith(scoreSentenceUnfiltered, text, options);
}

function detectWith(score: (text: string) => Record<SignalKind, Evidence>, text: string, options: DetectOptions): Signal[] {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return [];
  let postLanguage: Language | undefined = options.language;
  const signals: Signal[] = [];
  for (const sentence of sentences) {
    const scores = score(sentence.text);
    const found = SIGNAL_KINDS.filter((kind) => scores[kind].score >= THRESHOLDS[kind] && scores[kind].matched.length > 0);
    if (found.includes("feature_request") && found.includes("implied_need")) {
      const weaker = scores.feature_request.score >= scores.implied_need.score ? "implied_need" : "feature_request";
      found.splice(found.indexOf(weaker), 1);
    }
    if (found.length === 0) continue;
    // Identified only for sentences that carry a signal: most sentences carry none.
    postLanguage ??= identifyLanguage(sentences.map((s) => s.text).join(" "), options.authorLocale);
    const language = options.language ?? sentenceLanguage(sentence.text, postLanguage);
    for (const kind of found) {
      const matched = [...new Set(scores[kind].matched.sort((a, b) => a.at - b.at).map((m) => m.text))];
      signals.push({ kind, score: round(scores[kind].score), matched, quote: sentence.quote, language, sentence: sentence.index });
    }
  }
  return signals;
}

/** A sentence long enough to identify on its own gets its own language; a short one the post's. */
function sentenceLanguage(text: string, postLanguage: Language): Language {
  return identifyLanguage(text, postLanguage);
}

/**
 * What the "try a sentence" tool and `POST /api/v1/harvest/classify` show: the text's language
 * and its signals. It waits for the language identifier, so the first call may take a second.
 */
export async function classifyText(text: string, options: DetectOptions = {}): Promise<{ language: Language; signals: Signal[] }> {
  await loadLanguageIdentifier();
  const language = options.language ?? identifyLanguage(splitSentences(text).map((s) => s.text).join(" "), options.authorLocale);
  return { language, signals: detectSignals(text, { ...options, language: options.language }) };
}
