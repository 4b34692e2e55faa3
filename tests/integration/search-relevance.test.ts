import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communityFixture, type CommunityFixture } from "../helpers/community";
import { figures, loadRelevanceSet, RELEVANCE_LANGUAGES, runRelevanceSet, type PairOutcome } from "../helpers/search-relevance";

let f: CommunityFixture;
let outcomes: PairOutcome[];

beforeAll(async () => {
  f = await communityFixture();
  outcomes = await runRelevanceSet(f.ctx, await f.as("alice"), await f.as("bob"), await f.categoryId("getting-started"));
}, 120_000);

afterAll(async () => {
  await f?.close();
});

describe("search relevance set", () => {
  it("has at least 20 pairs per language, with negatives", () => {
    const set = loadRelevanceSet();
    for (const language of RELEVANCE_LANGUAGES) {
      expect(set[language].pairs.length, language).toBeGreaterThanOrEqual(20);
      expect(set[language].pairs.some((p) => !p.relevant), language).toBe(true);
    }
  });

  for (const language of RELEVANCE_LANGUAGES) {
    it(`${language}: finds every relevant document and none of the others`, () => {
      const wrong = outcomes
        .filter((o) => o.language === language && o.found !== o.relevant)
        .map((o) => `${o.relevant ? "missed" : "false hit"}: "${o.q}" → ${o.doc} (${o.why})`);
      expect(wrong).toEqual([]);
      expect(figures(outcomes)[language]).toMatchObject({ recall: 1, precision: 1 });
    });
  }

  it("finds 会议 (meeting) in 会议室 but not in 社会议题 (social issue)", () => {
    const meeting = new Map(outcomes.filter((o) => o.language === "zh" && o.q === "会议").map((o) => [o.doc, o.found]));
    expect(meeting.get("huiyi")).toBe(true);
    expect(meeting.get("shehui")).toBe(false);
  });
});
