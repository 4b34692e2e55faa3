/**
 * The literal prefilter (app/harvest/detectors/rules/prefilter.ts): what it reads out of a
 * pattern, the scanner that finds those strings, and that detection with it finds exactly what
 * every rule tested on every sentence finds, on the labeled sets and the XSS corpus.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { detectSignals, loadLanguageIdentifier } from "../../app/harvest/detectors";
import { detectSignalsUnfiltered } from "../../app/harvest/detectors/detect";
import { readLabeled } from "../../app/harvest/detectors/evaluate";
import { compileRules } from "../../app/harvest/detectors/rules/compile";
import { RULE_SETS } from "../../app/harvest/detectors/rules/index";
import { LiteralScanner, requiredLiterals } from "../../app/harvest/detectors/rules/prefilter";
import { LANGUAGES } from "../../db/schema";

const fixtures = path.resolve("tests/fixtures");

beforeAll(async () => {
  await loadLanguageIdentifier();
});

describe("required literals", () => {
  const cases: Array<[RegExp, string[] | null]> = [
    [/please (?:[^ ]{1,40} ){0,2}(?:add|support)/, ["please "]],
    [/(?:how much|what) \w+ cost/, [" cost"]],
    [/(?:i|we) \w* wish/, [" wish"]],
    [/(?:i|we) (?:really )?wish/, ["i wish", "i really w", "we wish", "we really "]],
    [/^\+1/, ["+1"]],
    [/customi[sz]able/, ["customisab", "customizab"]],
    [/(?<![a-z])add(?![a-z])/, ["add"]],
    [/(?!.*never)now/, ["now"]],
    [/\w+ing/, ["ing"]],
    [/x?/, null],
    [/.{0,6}/, null],
    [/[a-z]+/, null],
    [/a|\w+/, null],
    [/(?:希望|盼望)(?:.{0,6})?(?:能|可以)?(?:增加|添加)/u, ["希望", "盼望"]],
  ];
  it.each(cases)("%s", (regex, expected) => {
    const found = requiredLiterals(regex);
    expect(found === null ? null : [...found].sort()).toEqual(expected === null ? null : [...expected].sort());
  });

  it("finds a required string in every rule as compiled", () => {
    const { rules, counters } = compileRules(RULE_SETS);
    // None may be empty; a rule with no requirement would run on every sentence (correct, slower).
    for (const rule of [...rules, ...counters]) {
      const strings = requiredLiterals(rule.regex);
      if (strings) for (const s of strings) expect(s.length, rule.body).toBeGreaterThan(0);
    }
  });
});

describe("the literal scanner", () => {
  it("marks each rule whose strings occur, once, overlapping strings included", () => {
    const scanner = new LiteralScanner([
      { rule: 0, strings: ["he", "she"] },
      { rule: 1, strings: ["hers"] },
      { rule: 2, strings: ["his"] },
      { rule: 3, strings: ["希望"] },
    ]);
    const marks = new Uint32Array(4);
    const found: number[] = [];
    scanner.scan("ushers", marks, 1, found);
    expect(found.sort()).toEqual([0, 1]);
    const again: number[] = [];
    scanner.scan("this 希望", marks, 2, again);
    expect(again.sort()).toEqual([2, 3]);
    expect([...marks]).toEqual([1, 1, 2, 2]);
  });
});

describe("prefiltered detection finds what the unfiltered one does", () => {
  const sets: Array<[string, string[]]> = [
    ["dev", [...readLabeled(path.join(fixtures, "harvest-dev/forum-sentences.tsv")), ...readLabeled(path.join(fixtures, "harvest-dev/shop-queries.tsv"))].map((item) => item.text)],
    ...LANGUAGES.map((language): [string, string[]] => [
      `own ${language}`,
      ["tune", "holdout", "blind", "blind2"].flatMap((split) => readLabeled(path.join(fixtures, `harvest-eval/${language}-${split}.tsv`)).map((item) => item.text)),
    ]),
  ];
  it.each(sets)("%s, sentence by sentence and as posts of four", (_name, texts) => {
    const posts: string[] = [...texts];
    for (let i = 0; i < texts.length; i += 4) posts.push(texts.slice(i, i + 4).join(" "));
    let signals = 0;
    for (const text of posts) {
      const expected = detectSignalsUnfiltered(text);
      signals += expected.length;
      expect(detectSignals(text), text).toEqual(expected);
    }
    expect(signals).toBeGreaterThan(0);
  });

  it("XSS corpus, with each post's language given as the pass gives it", () => {
    const vectors = readFileSync(path.join(fixtures, "xss-vectors.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { vector: string }).vector);
    for (const [i, vector] of vectors.entries()) {
      const options = { language: LANGUAGES[i % LANGUAGES.length]! };
      expect(detectSignals(vector, options), vector).toEqual(detectSignalsUnfiltered(vector, options));
    }
  });
});
