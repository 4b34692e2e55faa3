import { describe, expect, it } from "vitest";
import { localeForTag, negotiateLocale } from "../../app/i18n/negotiate";
import { pseudoMessage } from "../../app/i18n/pseudo";
import { relativeTime } from "../../app/i18n/format";

describe("Accept-Language negotiation", () => {
  it.each([
    ["sv", "sv"],
    ["sv-SE,sv;q=0.9,en;q=0.8", "sv"],
    ["sv-FI", "sv"],
    ["nb-NO,nb;q=0.9", "nb"],
    ["no", "nb"],
    ["nn-NO", "nb"],
    ["zh-CN,zh;q=0.9", "zh-Hans"],
    ["zh-TW", "zh-Hans"],
    ["zh-Hant-HK", "zh-Hans"],
    ["en-GB", "en"],
    ["de-DE,de;q=0.9,sv;q=0.5", "sv"],
    ["en;q=0.4, sv;q=0.8", "sv"],
    ["sv;q=0, en", "en"],
    ["fr, de", null],
    ["*", null],
    ["", null],
    [";;;,,q=abc", null],
  ])("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("keeps the client's order between equal weights", () => {
    expect(negotiateLocale("nb, sv")).toBe("nb");
    expect(negotiateLocale("sv, nb")).toBe("sv");
  });

  it("offers the pseudo-locale only when asked to", () => {
    expect(negotiateLocale("en-XA")).toBe("en");
    expect(negotiateLocale("en-XA", { pseudo: true })).toBe("en-XA");
  });

  it("maps tags case-insensitively", () => {
    expect(localeForTag("SV-se")).toBe("sv");
    expect(localeForTag("ZH_hans")).toBe("zh-Hans");
  });
});

describe("pseudo-localisation", () => {
  it("marks every run of text and keeps placeholders and tags", () => {
    expect(pseudoMessage("Log in")).toBe("⟦Lóg íñ⟧");
    expect(pseudoMessage("Hi <1>{{name}}</1>!")).toBe("⟦Hí ⟧<1>⟦{{name}}⟧</1>⟦!⟧");
  });
});

describe("relative times", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  it("speaks each language", () => {
    expect(relativeTime("en", "2026-12-07T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("en", "2026-12-06T12:00:00Z", now)).toBe("1 day ago");
    expect(relativeTime("sv", "2026-12-07T09:00:00Z", now)).toBe("för 3 timmar sedan");
    expect(relativeTime("nb", "2026-12-07T09:00:00Z", now)).toBe("for 3 timer siden");
    expect(relativeTime("zh-Hans", "2026-12-07T09:00:00Z", now)).toBe("3小时前");
    expect(relativeTime("en", "2026-12-07T11:59:30Z", now)).toBeNull();
  });
});
