/**
 * The reasons the harvest stores for an article that needs review are English in the
 * database; pages show them in the reader's language. Every wording app/harvest/decide.ts can
 * write must be recognised, so a new reason cannot reach a Swedish curator in English.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reviewReasonText, revisionNoteText } from "../../app/components/kb-reasons";
import { tFor } from "../../app/i18n/i18n.server";

const written = [...readFileSync("app/harvest/decide.ts", "utf8").matchAll(/reasons\.push\((["`])(.+?)\1\)/g)].map((m) => m[2]!.replace("${now.merged_into_id}", "12"));

describe("review reasons", () => {
  it("finds the wordings the harvest writes", () => {
    expect(written.length).toBeGreaterThanOrEqual(10);
  });

  it.each(written)("shows “%s” as written in English and translated in Swedish, Norwegian and Chinese", (reason) => {
    expect(reviewReasonText(tFor("en"), reason)).toBe(reason);
    for (const locale of ["sv", "nb", "zh-Hans"] as const) expect(reviewReasonText(tFor(locale), reason)).not.toBe(reason);
  });

  it("translates each part of a joined list, keeps numbers, and leaves unknown text as written", () => {
    const stored = "the thread was merged into thread #12; the accepted answer was edited; something a curator wrote";
    expect(reviewReasonText(tFor("en"), stored)).toBe(stored);
    expect(reviewReasonText(tFor("sv"), stored)).toBe("tråden slogs ihop med tråd #12; det godkända svaret redigerades; something a curator wrote");
    expect(reviewReasonText(tFor("zh-Hans"), "merged into article #7")).toBe("已合并到文章 #7");
  });

  it("translates the harvest's revision note and nothing else", () => {
    expect(revisionNoteText(tFor("nb"), "Harvested from thread #3")).toBe("Hentet fra tråd #3");
    expect(revisionNoteText(tFor("en"), "Harvested from thread #3")).toBe("Harvested from thread #3");
    expect(revisionNoteText(tFor("sv"), "Fixed a typo")).toBe("Fixed a typo");
  });
});
