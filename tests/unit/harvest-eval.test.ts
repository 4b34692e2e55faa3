/**
 * Holds the detectors to their measured quality. Floors sit a little under today's figures
 * (printed by `npm run eval`, recorded in bench/report.md), so a rule change that costs
 * precision fails here rather than on the lead list.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLanguageIdentifier } from "../../app/harvest/detectors";
import { evaluate, readLabeled } from "../../app/harvest/detectors/evaluate";
import { LANGUAGES } from "../../db/schema";

const fixtures = path.resolve("tests/fixtures");

beforeAll(async () => {
  await loadLanguageIdentifier();
});

describe("dev data (real forum sentences and shop queries)", () => {
  const result = () =>
    evaluate([
      ...readLabeled(path.join(fixtures, "harvest-dev/forum-sentences.tsv")),
      ...readLabeled(path.join(fixtures, "harvest-dev/shop-queries.tsv")),
    ]);

  it("meets the precision and recall targets for feature requests and buying intent", () => {
    const { kinds } = result();
    expect(kinds.feature_request.precision).toBeGreaterThanOrEqual(0.85);
    expect(kinds.feature_request.recall).toBeGreaterThan(0.6);
    expect(kinds.buying_intent.precision).toBeGreaterThanOrEqual(0.9);
    expect(kinds.buying_intent.recall).toBeGreaterThan(0.6);
  });

  it("holds implied needs at 0.8 precision and today's recall", () => {
    // Feature-request recall is only just over 0.6 (44 of 72): many of the forum's requests are
    // bare titles ("Relative playlist path") that no phrase marks. The gap is in bench/report.md.
    const { kinds } = result();
    expect(kinds.implied_need.precision).toBeGreaterThanOrEqual(0.8);
    expect(kinds.implied_need.recall).toBeGreaterThanOrEqual(0.7);
  });
});

describe("own labeled sets, per language", () => {
  // The blind sets were run once before any rule changed because of them (those first-run figures
  // are in bench/report.md, far below these); the floors hold today's rules to what they reach now.
  for (const split of ["tune", "holdout", "blind", "blind2"] as const) {
    for (const language of LANGUAGES) {
      it(`${split} ${language}: precision and recall floors for every kind`, () => {
        const items = readLabeled(path.join(fixtures, `harvest-eval/${language}-${split}.tsv`));
        expect(items.length).toBeGreaterThanOrEqual(split === "blind" ? 120 : 60);
        expect(items.every((item) => item.language === language)).toBe(true);
        const { kinds } = evaluate(items);
        expect(kinds.feature_request.precision).toBeGreaterThanOrEqual(0.85);
        expect(kinds.buying_intent.precision).toBeGreaterThanOrEqual(0.9);
        expect(kinds.feature_request.recall).toBeGreaterThan(0.6);
        expect(kinds.buying_intent.recall).toBeGreaterThan(0.6);
        expect(kinds.implied_need.precision).toBeGreaterThanOrEqual(0.8);
        expect(kinds.implied_need.recall).toBeGreaterThan(0.6);
      });
    }
  }
});
