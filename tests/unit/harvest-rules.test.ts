/**
 * The phrase rules' finer points: negation, hypotheticals and purchase conditions for buying
 * intent, past purchases, the English rules staying out of Swedish, Norwegian and Chinese text,
 * and the one-byte copy the Latin rules read. The examples are written for these tests, not taken
 * from the labeled sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { detectSignals, loadLanguageIdentifier, type SignalKind } from "../../app/harvest/detectors";
import { latinView, scoreSentence } from "../../app/harvest/detectors/detect";
import { readLabeled } from "../../app/harvest/detectors/evaluate";
import { normalize } from "../../app/harvest/detectors/normalize";
import { compileRules } from "../../app/harvest/detectors/rules/compile";
import { RULE_SETS } from "../../app/harvest/detectors/rules/index";

beforeAll(async () => {
  await loadLanguageIdentifier();
});

function kinds(text: string): SignalKind[] {
  return [...new Set(detectSignals(text).map((signal) => signal.kind))];
}

describe("buying intent: not buying, hypotheticals and conditions", () => {
  const notBuying: Record<string, string[]> = {
    en: [
      "We won't buy the Pro plan this year.",
      "We're not going to renew the enterprise licence.",
      "Even if you added SSO we wouldn't upgrade to the business plan.",
      "We have no plans to purchase more licences.",
      "We don't need more seats on our plan.",
    ],
    sv: [
      "Vi köper inte fler licenser i år.",
      "Vi tänker inte köpa Enterprise-planen.",
      "Vi skulle inte uppgradera till Business även om priset sänktes.",
      "Vi har inga planer på att förnya licensen.",
    ],
    no: [
      "Vi kjøper ikke flere lisenser i år.",
      "Vi kommer ikke til å fornye lisensen.",
      "Vi ville ikke oppgradert til Business selv om prisen ble lavere.",
      "Vi har ingen planer om å kjøpe flere lisenser.",
    ],
    zh: ["我们不会买企业版。", "明年不打算续费企业版了。", "就算降价我们也不会升级到企业版。", "我们人少，不需要更多席位。"],
  };
  for (const [language, texts] of Object.entries(notBuying)) {
    it.each(texts)(`${language}: %s`, (text) => {
      expect(kinds(text)).not.toContain("buying_intent");
    });
  }

  const conditions: Record<string, string[]> = {
    en: ["We won't buy the Pro plan until you support SAML.", "We'd buy 40 seats if you supported SCIM."],
    sv: ["Vi köper inte Enterprise-planen förrän ni har SSO."],
    no: ["Vi kjøper ikke Enterprise før dere har SSO."],
    zh: ["没有SSO的话我们不会采购企业版。"],
  };
  for (const [language, texts] of Object.entries(conditions)) {
    it.each(texts)(`a purchase condition is intent (${language}): %s`, (text) => {
      expect(kinds(text)).toContain("buying_intent");
    });
  }
});

describe("buying intent: past purchases", () => {
  const past: Record<string, string[]> = {
    en: ["We upgraded to the Business plan in March.", "My colleague bought the Pro licence last week.", "Our subscription renewed automatically in May."],
    sv: ["I fjol köpte vi 20 licenser till supporten.", "Min kollega köpte Pro-licensen förra veckan."],
    no: ["I fjor kjøpte vi 20 lisenser til supporten.", "Kollegaen min har kjøpt Pro-lisensen."],
    zh: ["去年就升级了企业版。", "我们从2021年开始使用专业版。"],
  };
  for (const [language, texts] of Object.entries(past)) {
    it.each(texts)(`${language}: %s`, (text) => {
      expect(kinds(text)).not.toContain("buying_intent");
    });
  }

  it.each([
    "We bought 20 seats last year and want to buy 10 more.",
    "Vi köpte 20 licenser i fjol och vill köpa 10 till.",
    "我们去年买了50个席位，今年还想再加20个席位。",
  ])("a new purchase after an old one is intent: %s", (text) => {
    expect(kinds(text)).toContain("buying_intent");
  });
});

describe("feature requests and implied needs: constructions", () => {
  it.each([
    "It'd be great if the calendar showed public holidays.",
    "Would be really handy to have a keyboard shortcut for archiving.",
    "Is there any way you could add two-factor login?",
    "Any chance of a dark theme for the mobile app?",
    "Suggestion: let admins reorder the categories.",
    "I second this, a weekly digest would be nice.",
    "Users should be able to export their own data.",
    "Vore grymt om man kunde exportera till Excel.",
    "Lägg gärna in ett filter för olästa trådar.",
    "Hadde vært kjempefint om man kunne eksportere til Excel.",
    "Tenk om appen kunne vise ukenummer.",
    "求出一个批量导出的功能！",
    "能不能把旧的导航栏加回来？",
  ])("a request: %s", (text) => {
    expect(kinds(text)).toEqual(["feature_request"]);
  });

  it.each([
    "Reinstalled the app twice, still the same crash.",
    "I tried a different cable but it doesn't work either.",
    "We ended up exporting the list and fixing it by hand.",
    "Installerade om appen två gånger, ingen skillnad.",
    "Har prøvd både wifi og mobildata, like ille.",
    "重置了路由器，还是每晚掉线。",
  ])("an implied need: %s", (text) => {
    expect(kinds(text)).toEqual(["implied_need"]);
  });

  it("agreeing with a problem is not a need; an attempt with the same result is", () => {
    expect(kinds("I have the same problem.")).toEqual([]);
    expect(kinds("I have tried safe mode as well, with the same result.")).toEqual(["implied_need"]);
  });

  it("reads a gap of two digits (<12>) as up to twelve words", () => {
    expect(kinds("I wish that, when I open the editor on my phone, there was a button for headings.")).toEqual(["feature_request"]);
  });
});

describe("English rules in Swedish, Norwegian and Chinese text", () => {
  const { rules } = compileRules(RULE_SETS);
  const english = rules.filter((rule) => rule.language === "en");
  const fixtures = path.resolve("tests/fixtures/harvest-eval");
  // Loanwords that mean the same in any of our languages.
  const LOANWORDS = /^(?:\+1|feature request:?)$/;

  it("match only shared loanwords in our own sets of the other languages", () => {
    const stray: string[] = [];
    for (const language of ["sv", "no", "zh"]) {
      for (const split of ["tune", "holdout", "blind", "blind2"]) {
        for (const item of readLabeled(path.join(fixtures, `${language}-${split}.tsv`))) {
          const text = latinView(normalize(item.text).text);
          for (const rule of english) {
            const match = rule.regex.exec(text);
            if (match && !LOANWORDS.test(match[0])) stray.push(`${language}-${split}: "${match[0]}" in ${item.text}`);
          }
        }
      }
    }
    expect(stray).toEqual([]);
  });
});

describe("the one-byte copy the Latin rules read", () => {
  it("is only needed because no Latin pattern has a character above U+00FF", () => {
    for (const set of RULE_SETS.filter((s) => s.script === "latin")) {
      for (const rule of [...Object.values(set.signals).flat(), ...set.counters]) {
        expect([...rule.pattern].filter((c) => c.codePointAt(0)! > 0xff), rule.pattern).toEqual([]);
      }
    }
  });

  it("keeps every position and the class of every character", () => {
    const text = normalize("Vi köpte 20 licenser 👍, we bought 企业版 for €400 – fine").text;
    const view = latinView(text);
    expect(view.length).toBe(text.length);
    expect([...view].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) <= 0xff) expect(view[i]).toBe(text[i]);
    }
    expect(latinView("plain ascii, å ä ö")).toBe("plain ascii, å ä ö");
  });

  it("scores a mixed sentence as before: Latin phrases next to Han characters", () => {
    const scores = scoreSentence("我们想买Pro版，how much does it cost for 30 seats?");
    expect(scores.buying_intent.score).toBeGreaterThanOrEqual(0.6);
    expect(scores.buying_intent.matched.some((m) => m.text.toLowerCase().includes("how much"))).toBe(true);
  });
});

describe("bounded cost", () => {
  it("reads 40 KB of mixed Chinese and Latin text, dense with rule words, in well under a few seconds", () => {
    const text = "Vi köpte 20 licenser, we bought, 我们去年买了，还是不行 ".repeat(800);
    const started = performance.now();
    detectSignals(text);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps the XSS fixture's slowest vector fast", () => {
    const vectors = readFileSync(path.resolve("tests/fixtures/xss-vectors.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(0, 2000)
      .map((line) => (JSON.parse(line) as { vector: string }).vector);
    let slowest = 0;
    for (const vector of vectors) {
      const started = performance.now();
      detectSignals(vector);
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(slowest).toBeLessThan(1_000);
  });
});
