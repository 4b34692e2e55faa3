import type { Language, SignalKind } from "../types";
import type { RuleSet } from "./types";

export interface CompiledRule {
  language: Language;
  kind: SignalKind;
  weight: number;
  regex: RegExp;
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
  return pattern.replace(/<(\d)>/g, (_, n: string) => `(?:[^ ]{1,40} ){0,${n}}`);
}

function toRegExp(pattern: string, script: RuleSet["script"]): RegExp {
  const body = expandGaps(pattern);
  // Neither end of a Latin match may fall inside a word ("add" must not match "address"); a
  // pattern that starts or ends on a space or a sign is already on a boundary there.
  const source = script === "latin" ? `(?:(?<![\\p{L}\\p{N}])|(?![\\p{L}\\p{N}]))(?:${body})(?:(?<![\\p{L}\\p{N}])|(?![\\p{L}\\p{N}]))` : body;
  return new RegExp(source, "u");
}

export function compileRules(sets: RuleSet[]): { rules: CompiledRule[]; counters: CompiledCounter[] } {
  const rules: CompiledRule[] = [];
  const counters: CompiledCounter[] = [];
  for (const set of sets) {
    for (const [kind, list] of Object.entries(set.signals) as [SignalKind, RuleSet["signals"][SignalKind]][]) {
      for (const rule of list) rules.push({ language: set.language, kind, weight: rule.weight, regex: toRegExp(rule.pattern, set.script), script: set.script });
    }
    for (const counter of set.counters) counters.push({ language: set.language, damps: counter.damps, regex: toRegExp(counter.pattern, set.script), script: set.script });
  }
  return { rules, counters };
}
