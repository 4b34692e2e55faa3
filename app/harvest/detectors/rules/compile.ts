import type { Language, SignalKind } from "../types";
import type { RuleSet } from "./types";

export interface CompiledRule {
  language: Language;
  kind: SignalKind;
  weight: number;
  regex: RegExp;
  /** The expanded pattern, for grouping. */
  body: string;
  script: RuleSet["script"];
}

export interface CompiledCounter {
  language: Language;
  damps: Partial<Record<SignalKind, number>>;
  regex: RegExp;
  /** The expanded pattern, for grouping. */
  body: string;
  script: RuleSet["script"];
}

/** "up to N more words": each word is bounded, so the gap costs at most N × 40 steps. */
function expandGaps(pattern: string): string {
  return pattern.replace(/<(\d{1,2})>/g, (_, n: string) => `(?:[^ ]{1,40} ){0,${n}}`);
}

function toRegExp(pattern: string, script: RuleSet["script"]): RegExp {
  return wrap(expandGaps(pattern), script);
}

/**
 * Letters and digits as the Latin-script rules see them. Those rules run on `latinView` text,
 * which holds nothing above U+00FF, so Latin-1's letters and digits are all of `\p{L}` and
 * `\p{N}` there (the view's stand-in for any other letter, "þ", is one of them). Spelled out as
 * ranges, the rules compile without the `u` flag: V8 scans a one-byte string with a non-unicode
 * expression several times faster (bench/report.md, harvest passes).
 */
const LATIN1_LETTER = "A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff";
const LATIN1_DIGIT = "0-9\\u00b2\\u00b3\\u00b9\\u00bc-\\u00be";

/** `\p{L}` and `\p{N}`, inside a class or alone, as Latin-1 ranges. */
export function latin1Classes(body: string): string {
  return body
    .replace(/\[((?:\\p\{[LN]\}|\\.|[^\]\\])*)\]/g, (cls: string, inner: string) => (/\\p\{[LN]\}/.test(inner) ? `[${inner.replaceAll("\\p{L}", LATIN1_LETTER).replaceAll("\\p{N}", LATIN1_DIGIT)}]` : cls))
    .replaceAll("\\p{L}", `[${LATIN1_LETTER}]`)
    .replaceAll("\\p{N}", `[${LATIN1_DIGIT}]`);
}

const LATIN_EDGE = `(?:(?<![${LATIN1_LETTER}${LATIN1_DIGIT}])|(?![${LATIN1_LETTER}${LATIN1_DIGIT}]))`;

function wrap(body: string, script: RuleSet["script"]): RegExp {
  // Neither end of a Latin match may fall inside a word ("add" must not match "address"); a
  // pattern that starts or ends on a space or a sign is already on a boundary there.
  if (script === "latin") return new RegExp(`${LATIN_EDGE}(?:${latin1Classes(body)})${LATIN_EDGE}`);
  return new RegExp(body, "u");
}

/**
 * A few rules of one language and kind, with a single regular expression that matches wherever
 * any of them does: most sentences match no rule at all, and one scan answers that for a whole
 * group instead of one scan per rule. A group holds at most GROUP_SIZE rules, so a sentence that
 * does match runs only the rules of the group it matched, not every rule of its language and kind.
 */
export interface RuleGroup {
  any: RegExp;
  rules: CompiledRule[];
}

export const GROUP_SIZE = 24;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function groupRules(rules: CompiledRule[], size = GROUP_SIZE): RuleGroup[] {
  const groups = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    const key = `${rule.language}:${rule.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  return [...groups.values()].flatMap((members) =>
    chunk(members, size).map((part) => ({ any: wrap(part.map((rule) => `(?:${rule.body})`).join("|"), part[0]!.script), rules: part })),
  );
}

/** Counter rules in the same kind of small groups, per language. */
export interface CounterGroup {
  any: RegExp;
  counters: CompiledCounter[];
}

export function groupCounters(counters: CompiledCounter[], size = GROUP_SIZE): CounterGroup[] {
  const groups = new Map<string, CompiledCounter[]>();
  for (const counter of counters) groups.set(counter.language, [...(groups.get(counter.language) ?? []), counter]);
  return [...groups.values()].flatMap((members) =>
    chunk(members, size).map((part) => ({ any: wrap(part.map((counter) => `(?:${counter.body})`).join("|"), part[0]!.script), counters: part })),
  );
}

export function compileRules(sets: RuleSet[]): { rules: CompiledRule[]; counters: CompiledCounter[] } {
  const rules: CompiledRule[] = [];
  const counters: CompiledCounter[] = [];
  for (const set of sets) {
    for (const [kind, list] of Object.entries(set.signals) as [SignalKind, RuleSet["signals"][SignalKind]][]) {
      for (const rule of list) rules.push({ language: set.language, kind, weight: rule.weight, regex: toRegExp(rule.pattern, set.script), body: expandGaps(rule.pattern), script: set.script });
    }
    for (const counter of set.counters) counters.push({ language: set.language, damps: counter.damps, regex: toRegExp(counter.pattern, set.script), body: expandGaps(counter.pattern), script: set.script });
  }
  return { rules, counters };
}
