/**
 * The detector threads answer exactly what inline detection answers, in the posts' order, for
 * posts in all four languages; and a pool closes without leaving a thread behind.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLanguageIdentifier } from "../../app/harvest/detectors";
import { detectInline, startDetectorPool, type DetectorPool, type DetectPost } from "../../app/harvest/signals/detector-pool.server";

const sentences = readFileSync("tests/fixtures/harvest-dev/forum-sentences.tsv", "utf8")
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t")[0]!)
  .filter(Boolean);
const OTHERS: DetectPost[] = [
  { text: "Det vore toppen om ni kunde lägga till export till Excel. Vad kostar det för 40 licenser?", language: "sv" },
  { text: "Det hadde vært fint om dere kunne legge til mørk modus. Hva koster det for 20 brukere?", language: "no" },
  { text: "希望能支持导出到Excel。我们需要50个席位的报价。", language: "zh" },
  { text: "We would buy 50 seats once you add SAML.", language: null },
];

let pool: DetectorPool;
beforeAll(async () => {
  await loadLanguageIdentifier();
  pool = startDetectorPool({ size: 2 });
});
afterAll(() => pool?.close());

describe("the detector pool", () => {
  it("finds the same signals as inline detection, in order", async () => {
    const posts: DetectPost[] = [...OTHERS];
    for (let i = 0; i + 4 < sentences.length; i += 4) posts.push({ text: sentences.slice(i, i + 4).join(" "), language: i % 8 === 0 ? "en" : null });
    const [threaded, inline] = await Promise.all([pool.detect(posts), detectInline(posts)]);
    expect(threaded).toEqual(inline);
    expect(threaded.filter((s) => s.length > 0).length).toBeGreaterThan(50);
    expect(threaded.slice(0, 3).map((signals) => signals.map((s) => s.kind).sort())).toEqual([
      ["buying_intent", "feature_request"],
      ["buying_intent", "feature_request"],
      ["buying_intent", "feature_request"],
    ]);
  });

  it("answers an empty request and fewer posts than threads", async () => {
    expect(await pool.detect([])).toEqual([]);
    expect(await pool.detect([OTHERS[0]!])).toEqual(await detectInline([OTHERS[0]!]));
  });
});
