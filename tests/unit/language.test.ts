import { describe, expect, it } from "vitest";
import { detectLanguage, prepareSearchQuery, segmentCjk, unsegmentCjk } from "../../app/lib/language";

describe("language detection", () => {
  it.each([
    ["How do I export my invoices to CSV? The button is greyed out for me.", "en"],
    ["Hur exporterar jag mina fakturor till Excel? Knappen är grå och det går inte att klicka.", "sv"],
    ["Hvordan eksporterer jeg fakturaene mine? Knappen er grå og jeg får ikke trykket på den.", "no"],
    ["如何导出我的发票？导出按钮是灰色的，我无法点击。", "zh"],
    ["Vi har problem med inloggningen efter uppdateringen, någon som vet varför?", "sv"],
    ["Vi har problemer med innloggingen etter oppdateringen, noen som vet hvorfor?", "no"],
    ["", "en"],
    ["12345 !!!", "en"],
  ])("%s → %s", (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });
});

describe("Chinese segmentation for search", () => {
  it("puts one character per token and leaves other scripts alone", () => {
    expect(segmentCjk("数据库备份API失败")).toBe("数 据 库 备 份 API 失 败");
    expect(segmentCjk("plain english")).toBe("plain english");
  });

  it("turns Chinese runs in a query into phrases", () => {
    expect(prepareSearchQuery("数据库")).toBe('"数 据 库"');
    expect(prepareSearchQuery("backup 数据库 -error")).toBe('backup "数 据 库" -error');
    expect(prepareSearchQuery('"数据库 备份"')).toBe('"数 据 库 备 份"');
  });

  it("joins the characters again for display, keeping highlight markers", () => {
    expect(unsegmentCjk("数 据 库 备 份 API 失 败")).toBe("数据库备份 API 失败");
    expect(unsegmentCjk("数 \u0001据 库\u0002 备")).toBe("数\u0001据库\u0002备");
  });
});
