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
 * One language's rules for one kind, with a single regular expression that matches wherever
 * any of them does: most sentences match no rule at all, and one scan answers that for a whole
 * group instead of one scan per rule.
 */
export interface RuleGroup {
  any: RegExp;
  rules: CompiledRule[];
}

export function groupRules(rules: CompiledRule[]): RuleGroup[] {
  const groups = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    const key = `${rule.language}:${rule.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  return [...groups.values()].map((members) => ({
    any: wrap(members.map((rule) => `(?:${rule.body})`).join("|"), members[0]!.script),
    rules: members,
  }));
}

export function compileRules(sets: RuleSet[]): { rules: CompiledRule[]; counters: CompiledCounter[] } {
  const rules: CompiledRule[] = [];
  const counters: CompiledCounter[] = [];
  for (const set of sets) {
    for (const [kind, list] of Object.entries(set.signals) as [SignalKind, RuleSet["signals"][SignalKind]][]) {
      for (const rule of list) rules.push({ language: set.language, kind, weight: rule.weight, regex: toRegExp(rule.pattern, set.script), body: expandGaps(rule.pattern), script: set.script });
    }
    for (const counter of set.counters) counters.push({ language: set.language, damps: counter.damps, regex: toRegExp(counter.pattern, set.script), script: set.script });
  }
  return { rules, counters };
}
