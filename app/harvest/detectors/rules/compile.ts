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

function wrap(body: string, script: RuleSet["script"]): RegExp {
  // Neither end of a Latin match may fall inside a word ("add" must not match "address"); a
  // pattern that starts or ends on a space or a sign is already on a boundary there.
  const source = script === "latin" ? `(?:(?<![\\p{L}\\p{N}])|(?![\\p{L}\\p{N}]))(?:${body})(?:(?<![\\p{L}\\p{N}])|(?![\\p{L}\\p{N}]))` : body;
  return new RegExp(source, "u");
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
