import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  classifyText,
  detectSignals,
  identifyLanguage,
  loadLanguageIdentifier,
  splitSentences,
  type Signal,
  type SignalKind,
} from "../../app/harvest/detectors";

beforeAll(async () => {
  await loadLanguageIdentifier();
});

function kinds(text: string): SignalKind[] {
  return detectSignals(text).map((signal) => signal.kind);
}

function only(text: string, kind: SignalKind): Signal {
  const signals = detectSignals(text);
  expect(signals.map((s) => s.kind), text).toEqual([kind]);
  return signals[0]!;
}

const POSITIVES: Record<"en" | "sv" | "no" | "zh", Record<SignalKind, string[]>> = {
  en: {
    feature_request: [
      "It would be great if the board showed votes per company.",
      "Please add an option to hide solved threads.",
      "Any plans to support SCIM provisioning?",
    ],
    implied_need: [
      "We export every night and re-import by hand.",
      "There is no way to move a reply to another thread.",
      "I wish the editor kept my draft.",
    ],
    buying_intent: [
      "How much would 30 seats cost on the annual plan?",
      "Who do I talk to in sales about a quote?",
      "We can only buy with SAML, is it in the Enterprise plan?",
      "We are migrating from Discourse and would like a trial first.",
    ],
  },
  sv: {
    feature_request: ["Det skulle vara bra om tavlan visade röster per företag.", "Kan ni lägga till stöd för Teams?"],
    implied_need: ["Vi exporterar varje natt och importerar för hand.", "Det finns inget sätt att flytta ett svar till en annan tråd."],
    buying_intent: ["Vad kostar 30 licenser per år?", "Vi kan bara köpa om ni har SAML."],
  },
  no: {
    feature_request: ["Det hadde vært fint om tavla viste stemmer per firma.", "Kan dere legge til støtte for Teams?"],
    implied_need: ["Vi eksporterer hver natt og importerer for hånd.", "Det finnes ingen måte å flytte et svar til en annen tråd."],
    buying_intent: ["Hva koster 30 lisenser per år?", "Vi kan bare kjøpe hvis dere har SAML."],
  },
  zh: {
    feature_request: ["如果看板能按公司显示投票就好了。", "希望能增加团队通知功能。"],
    implied_need: ["我们每天晚上导出，再手动导入。", "没有办法把回复移到另一个主题。"],
    buying_intent: ["30个席位一年多少钱？", "只有支持SAML我们才能采购。"],
  },
};

describe("detectors, positives in every language", () => {
  for (const [language, byKind] of Object.entries(POSITIVES)) {
    for (const [kind, texts] of Object.entries(byKind) as [SignalKind, string[]][]) {
      it.each(texts)(`${language} ${kind}: %s`, (text) => {
        const signal = only(text, kind);
        expect(signal.language).toBe(language);
        expect(signal.quote).toBe(text);
        expect(signal.sentence).toBe(0);
        expect(signal.score).toBeGreaterThanOrEqual(0.6);
        expect(signal.score).toBeLessThanOrEqual(1);
        expect(signal.matched.length).toBeGreaterThan(0);
        // Each trigger is written in the sentence exactly as reported.
        for (const phrase of signal.matched) expect(text).toContain(phrase);
      });
    }
  }
});

const NEGATIVES: Record<string, string[]> = {
  "bug reports that mention a price, a seat or a licence": [
    "The price on the invoice shows zero after the update.",
    "The seat count in the admin page is wrong.",
    "Priset på fakturan visas fel efter uppdateringen.",
    "Antall lisenser på adminsiden er feil.",
    "更新后发票上的价格显示错误。",
  ],
  "past purchases and their after-care": [
    "We bought 50 seats last year.",
    "Vi köpte 50 licenser i fjol.",
    "Vi kjøpte 50 lisenser i fjor.",
    "我们买了50个席位。",
    "Where is my order?",
    "I want a refund.",
    "Jag vill avbeställa min order.",
    "Jeg vil ha pengene tilbake.",
    "我要退款。",
  ],
  "how-to questions and thanks": [
    "How do I change my avatar?",
    "Thanks, that fixed it!",
    "Hur byter jag profilbild?",
    "Tusen takk, nå fungerer det!",
    "谢谢，解决了。",
  ],
};

describe("detectors, negatives", () => {
  for (const [what, texts] of Object.entries(NEGATIVES)) {
    it.each(texts)(`${what}: %s`, (text) => {
      expect(kinds(text)).toEqual([]);
    });
  }

  it("never fires on quoted lines, in any language", () => {
    for (const line of ["It would be great if you added SSO.", "Vad kostar det?", "Hva koster det?", "多少钱？"]) {
      expect(kinds(`> ${line}\n\nThanks for the answer.`)).toEqual([]);
      expect(kinds(`Anna wrote:\n> ${line}`)).toEqual([]);
    }
  });

  it("never fires on fenced or indented code, inline code or logs", () => {
    expect(kinds("```\n// please add an option to cache the price\nconst price = quote();\n```")).toEqual([]);
    expect(kinds("Here is my config:\n\n    # it would be great if this worked\n    pricing: enterprise\n")).toEqual([]);
    expect(kinds("I ran `how much does it cost` in the shell.")).toEqual([]);
    expect(kinds("[00001234] main error: please add codec, no way to open stream")).toEqual([]);
    expect(kinds("2024-05-01 12:00:01 ERROR licence check failed: upgrade to enterprise plan")).toEqual([]);
    expect(kinds("Error: boom\n    at pricing (/srv/app/quote.js:10:5)\n    at buy (/srv/app/cart.js:3:1)")).toEqual([]);
  });

  it("keeps the author's own sentence around a quote, code and a log", () => {
    const post = "> Is there an API?\n\n```\nERROR: it would be great if\n```\n\nHow much does the Enterprise plan cost?";
    const signals = detectSignals(post);
    expect(signals.map((s) => [s.kind, s.quote])).toEqual([["buying_intent", "How much does the Enterprise plan cost?"]]);
  });
});

describe("signals", () => {
  it("records one signal per kind per sentence, with the sentence index and its own language", () => {
    const post = "Hi all. We'd like a quote for 40 seats. Det skulle vara bra om ni hade SAML. 我们每天晚上都要手动导入数据。";
    const signals = detectSignals(post);
    expect(signals.map((s) => [s.kind, s.sentence, s.language])).toEqual([
      ["buying_intent", 1, "en"],
      ["feature_request", 2, "sv"],
      ["implied_need", 3, "zh"],
    ]);
    for (const s of signals) expect(s.quote).not.toMatch(/^\s|\s$/);
  });

  it("lets buying intent come with a feature request, but not a request with an implied need", () => {
    expect(kinds("We would buy 200 seats if you could add SAML support.").sort()).toEqual(["buying_intent", "feature_request"]);
    const single = kinds("I wish there was an option to export, we copy everything by hand every week.");
    expect(single).toHaveLength(1);
  });

  it("reports triggers as written, apostrophes and case included", () => {
    const signal = only("I tried reinstalling but it DIDN’T help.", "implied_need");
    expect(signal.matched.some((m) => m.includes("DIDN’T help"))).toBe(true);
  });

  it("quotes the sentence as written, without HTML tags and with inline code kept", () => {
    const signal = only("Please <b>add</b> an option to run `npm run export` nightly.", "feature_request");
    expect(signal.quote).toBe("Please add an option to run `npm run export` nightly.");
  });

  it("classifyText answers the language and the signals, waiting for the identifier", async () => {
    const result = await classifyText("Hvor mye koster Enterprise-planen for 40 brukere?");
    expect(result.language).toBe("no");
    expect(result.signals.map((s) => s.kind)).toEqual(["buying_intent"]);
  });

  it("finds nothing in an empty or wordless text", () => {
    expect(detectSignals("")).toEqual([]);
    expect(detectSignals("   \n\n 12345 !!! ")).toEqual([]);
  });
});

describe("sentence splitting", () => {
  it("splits on Latin and Chinese punctuation and on lines, not inside numbers or abbreviations", () => {
    const sentences = splitSentences("Version 2.0.5 crashes, e.g. on start. Any fix?\nTitle line\n第一句。第二句！第三句？");
    expect(sentences.map((s) => s.text)).toEqual([
      "Version 2.0.5 crashes, e.g. on start.",
      "Any fix?",
      "Title line",
      "第一句。",
      "第二句！",
      "第三句？",
    ]);
  });

  it("blanks URLs and inline code for the rules but keeps them in the quote", () => {
    const [sentence] = splitSentences("See https://example.com/price?a=1 and `buy()` now.");
    expect(sentence!.text).not.toContain("example.com");
    expect(sentence!.text).not.toContain("buy()");
    expect(sentence!.quote).toBe("See https://example.com/price?a=1 and `buy()` now.");
  });

  it("joins a soft-wrapped line to its sentence", () => {
    expect(splitSentences("It would be great if the export\nincluded attachments.").map((s) => s.text)).toEqual([
      "It would be great if the export included attachments.",
    ]);
  });
});

describe("language identification", () => {
  it.each([
    ["Would it be possible to add an option for this?", "en"],
    ["Det fungerar inte efter uppdateringen, jag har försökt installera om.", "sv"],
    ["Det fungerer ikke etter oppdateringen, jeg har prøvd å installere på nytt.", "no"],
    ["我们想购买50个席位，请问价格是多少？", "zh"],
  ] as const)("%s → %s", (text, language) => {
    expect(identifyLanguage(text)).toBe(language);
  });

  it("falls back to the author's locale for very short texts, where Norwegian reads as Danish", () => {
    expect(identifyLanguage("Funker ikke", "no")).toBe("no");
    expect(identifyLanguage("Funker ikke")).toBe("no");
    expect(identifyLanguage("Tack!", "sv")).toBe("sv");
    expect(identifyLanguage("", "sv")).toBe("sv");
    expect(identifyLanguage("12345")).toBe("en");
  });

  it("maps languages that are not ours to the nearest of ours", () => {
    expect(identifyLanguage("Det virker ikke efter opdateringen, jeg har prøvet at geninstallere programmet.")).toBe("no");
    expect(identifyLanguage("この機能はとても便利ですが、設定が難しいです。")).toBe("zh");
    expect(["en", "sv", "no", "zh"]).toContain(identifyLanguage("Das funktioniert leider nicht mehr seit dem Update."));
  });
});

describe("hostile input", () => {
  const vectors = readFileSync(path.resolve("tests/fixtures/xss-vectors.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { vector: string }).vector);

  it("runs the whole XSS corpus without throwing, and quotes carry no markup", () => {
    expect(vectors.length).toBe(12_653);
    for (const vector of vectors) {
      const signals = detectSignals(vector);
      for (const signal of signals) {
        expect(signal.quote).not.toMatch(/<\/?[a-z!][^>]*>/i);
        expect(signal.score).toBeGreaterThan(0);
        expect(signal.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it("reads long pathological text in bounded pieces (performance itself is measured in bench/)", () => {
    const long = ["please ".repeat(20_000), "a".repeat(100_000), "tried ".repeat(10_000) + "x", "多少钱".repeat(10_000), "\n> ".repeat(10_000)];
    for (const text of long) expect(Array.isArray(detectSignals(text))).toBe(true);
  });
});
