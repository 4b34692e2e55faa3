import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../app/lib/language";
import { analyseWord, toTsvector, tokenise } from "../../app/lib/text/analyze";
import { cutChinese } from "../../app/lib/text/chinese";
import { baseForms, splitCompound } from "../../app/lib/text/nordic";
import { buildSearchQuery } from "../../app/services/search/query";

describe("language identification", () => {
  it.each([
    ["How do I export my invoices to CSV? The button is greyed out for me.", "en"],
    ["Hur exporterar jag mina fakturor till Excel? Knappen är grå och det går inte att klicka.", "sv"],
    ["Hvordan eksporterer jeg fakturaene mine? Knappen er grå og jeg får ikke trykket på den.", "no"],
    ["如何导出我的发票？导出按钮是灰色的，我无法点击。", "zh"],
    ["Vi har problem med inloggningen efter uppdateringen, någon som vet varför?", "sv"],
    ["Vi har problemer med innloggingen etter oppdateringen, noen som vet hvorfor?", "no"],
    ["导出到 Excel 失败了", "zh"],
    ["", "en"],
    ["12345 !!!", "en"],
  ])("%s → %s", async (text, expected) => {
    expect(await detectLanguage(text)).toBe(expected);
  });

  it("lets the author's locale decide a short text that could be either", async () => {
    // Short Bokmål reads as Danish to eld; we index no Danish, so it is Norwegian anyway.
    expect(await detectLanguage("Funker ikke")).toBe("no");
    expect(await detectLanguage("Problem med inloggningen", "no")).toBe("no");
    expect(await detectLanguage("Problem med inloggningen", "sv")).toBe("sv");
    // ...but not one that is plainly another language, nor a long text.
    expect(await detectLanguage("Thanks, that works now", "sv")).toBe("en");
    expect(await detectLanguage("Hur exporterar jag mina fakturor till Excel? Knappen är grå och det går inte att klicka.", "no")).toBe("sv");
    expect(await detectLanguage("!!!", "sv")).toBe("sv");
  });
});

describe("Swedish and Norwegian base forms", () => {
  it.each([
    ["lösenordet", "sv", "lösenord"],
    ["fakturor", "sv", "faktura"],
    ["glömde", "sv", "glöm"],
    ["äpplet", "sv", "äpple"],
    ["böcker", "sv", "bok"],
    ["händerna", "sv", "hand"],
    ["fakturaer", "no", "faktura"],
    ["passordet", "no", "passord"],
    ["jenta", "no", "jente"],
    ["hendene", "no", "hånd"],
    ["bøkene", "no", "bok"],
  ] as const)("%s (%s) → %s", (word, language, base) => {
    expect(baseForms(word, language)).toContain(base);
  });

  it("keeps irregular forms to their listed base form", () => {
    expect(baseForms("hendene", "no")).toEqual(["hånd"]);
  });

  it("splits compounds where the dictionary allows, and not words that only begin with a word", () => {
    expect(splitCompound("fakturaadress", "sv")).toEqual(["faktura", "adress"]);
    expect(splitCompound("kundkorgen", "sv")).toEqual(["kund", "korgen"]);
    expect(splitCompound("lösenordsbyte", "sv")).toEqual(["lösenords", "byte"]);
    expect(splitCompound("fakturaadresse", "no")).toEqual(["faktura", "adresse"]);
    expect(splitCompound("handlekurven", "no")).toEqual(["handle", "kurven"]);
    expect(splitCompound("bilaga", "sv")).toBeNull();
    expect(splitCompound("artikel", "sv")).toBeNull();
    expect(splitCompound("lösenord", "sv")).toBeNull();
  });

  it("gives a compound the terms of its parts and its own base form", () => {
    const { terms, parts } = analyseWord("kundkorgen", "sv");
    expect(terms).toEqual(expect.arrayContaining(["kundkorgen", "kundkorg"]));
    expect(parts).toEqual([["kund"], expect.arrayContaining(["korgen", "korg"])]);
  });
});

describe("Chinese segmentation", () => {
  it("cuts dictionary words and lists the words inside longer ones", () => {
    expect(cutChinese("社会议题").map((w) => w.text)).toEqual(["社会", "议题"]);
    const words = cutChinese("数据库备份");
    expect(words.map((w) => [w.text, w.offset])).toEqual([["数据库", 0], ["备份", 3]]);
    expect(words[0]!.inner.map((w) => w.text)).toEqual(expect.arrayContaining(["数据", "据库"]));
  });

  it("indexes words and characters at character positions, other scripts alone", () => {
    const vector = toTsvector("数据库备份API失败", "zh");
    expect(vector).toContain("'数据库':1");
    expect(vector).toContain("'数':1");
    expect(vector).toContain("'备份':4");
    expect(vector).toContain("'api':6");
    expect(vector).toContain("'失败':7");
    expect(tokenise("plain english", "en").map((t) => t.word)).toEqual(["plain", "english"]);
  });
});

describe("query building", () => {
  it("requires Chinese dictionary words as words, and unknown ones as adjacent characters", () => {
    expect(buildSearchQuery("会议")!.match).toBe("'会议'");
    expect(buildSearchQuery("备库")!.match).toBe("('备' <1> '库')");
    expect(buildSearchQuery("数据库备份")!.match).toBe("'数据库' & '备份'");
    expect(buildSearchQuery('"数据库备份"')!.match).toBe("('数据库' <3> '备份')");
  });

  it("matches a word by any of its terms, a compound also by all of its parts", () => {
    expect(buildSearchQuery("lösenordet")!.match).toBe("('lösenordet' | 'lösenord')");
    expect(buildSearchQuery("kundkorgen")!.match).toContain("| ('kund' & ('korgen' | 'korg'))");
  });

  it("drops function words unless nothing else is left, and builds nothing from exclusions alone", () => {
    expect(buildSearchQuery("how do I configure")!.match).toBe("('configure' | 'configur')");
    expect(buildSearchQuery("the")!.match).toBe("'the'");
    expect(buildSearchQuery("-dashboard")).toBeNull();
    expect(buildSearchQuery("?!")).toBeNull();
    expect(buildSearchQuery("export -csv")!.match).toMatch(/^\(.*'export'.*\) & !\('csv'\)$/);
  });

  it("quotes every term, whatever was typed", () => {
    for (const q of ["it's ') | !(x:* & 'drop'", "a\\b", "<->", "'; drop table threads; --"]) {
      const query = buildSearchQuery(q);
      if (query) expect(query.match.replace(/'[^']*'/g, "")).toMatch(/^[\s()&|!<>\d:*]*$/);
    }
  });
});

describe("words that are names of JavaScript's own properties", () => {
  it("are words like any other", () => {
    for (const word of ["constructor", "__proto__", "tostring", "hasownproperty", "valueof"]) {
      for (const language of ["en", "sv", "no"] as const) expect(analyseWord(word, language).terms.every((t) => typeof t === "string"), word).toBe(true);
      expect(baseForms(word, "sv").every((t) => typeof t === "string")).toBe(true);
    }
  });
});
