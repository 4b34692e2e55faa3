import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sv from "../../app/i18n/catalogs/sv/index";
import zh from "../../app/i18n/catalogs/zh-Hans/index";
import en from "../../app/i18n/catalogs/en/index";
import { LOCALE_NAMES } from "../../app/i18n/locales";
import { launchBrowser } from "../helpers/browser";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

/**
 * The interface's language as a person meets it: chosen by the browser's languages for a
 * visitor, by the switcher for anyone, kept on the account for a member, and the switcher
 * working with JavaScript off. The expected words come from the catalogs, so a changed
 * translation does not break the test, but an English page does.
 */
let t: TestServer;
let browser: Browser;
let threadId: number;
let threadTitle: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
  threadTitle = "Hur exporterar jag fakturor?";
  const res = await alice.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: threadTitle, body: "Jag behöver alla fakturor som CSV." });
  if (res.status !== 201) throw new Error(`creating the thread: ${res.status} ${res.text}`);
  threadId = res.body.thread.id;
  await new ApiClient(t.baseUrl).login("bob").then((bob) => bob.post(`/api/v1/threads/${threadId}/posts`, { body: "Gå till Inställningar och välj Exportera." }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const htmlLang = (page: Page) => page.locator("html").getAttribute("lang");
/** After a client-side navigation the new language's catalog loads first, then the page switches. */
const waitForLang = (page: Page, lang: string) => page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });

async function logIn(context: BrowserContext, handle: string, labels: { handle: string; password: string; submit: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/login`);
  await page.getByLabel(labels.handle).fill(handle);
  await page.getByLabel(labels.password).fill("demo-password");
  await page.getByRole("button", { name: labels.submit, exact: true }).click();
  await page.waitForURL(`${t.baseUrl}/`);
  return page;
}

async function switchTo(page: Page, language: string, label: string): Promise<void> {
  const switcher = page.getByTestId("language-switcher");
  await switcher.getByText(label).click();
  await Promise.all([page.waitForLoadState("load"), switcher.getByRole("button", { name: language }).click()]);
}

describe("the interface in the reader's language", () => {
  it("shows a visitor whose browser asks for Swedish the home page, a thread and the login form in Swedish", async () => {
    const context = await browser.newContext({ locale: "sv-SE" });
    const page = await context.newPage();

    await page.goto(`${t.baseUrl}/`);
    expect(await htmlLang(page)).toBe("sv");
    await page.getByRole("link", { name: sv.common.header.latest, exact: true }).first().waitFor();
    await page.getByRole("link", { name: sv.common.header.logIn, exact: true }).first().waitFor();
    expect(await page.getByRole("link", { name: en.common.header.latest, exact: true }).count()).toBe(0);
    await page.getByRole("heading", { name: sv.community.home.heroTitle }).waitFor();
    await page.getByRole("heading", { name: sv.community.home.categories }).waitFor();

    await page.goto(`${t.baseUrl}/t/${threadId}`);
    expect(await htmlLang(page)).toBe("sv");
    await page.getByRole("heading", { name: threadTitle }).waitFor();
    expect(await page.title()).toContain(threadTitle);
    await page.getByText(sv.community.thread.replyCount_other.replace("{{count}}", "1")).first().waitFor();
    await page.getByText(sv.community.thread.logInToReply.replace(/<\/?0>/g, "")).waitFor();

    await page.goto(`${t.baseUrl}/login`);
    expect(await htmlLang(page)).toBe("sv");
    await page.getByRole("heading", { name: sv.auth.login.title, exact: true }).waitFor();
    await page.getByLabel(sv.auth.login.handle).waitFor();
    await page.getByLabel(sv.auth.login.password).waitFor();
    await page.getByRole("button", { name: sv.auth.login.submit, exact: true }).waitFor();
    await context.close();
  });

  it("keeps a member's choice of 中文 on the account, across sessions", async () => {
    const english = { handle: en.auth.login.handle, password: en.auth.login.password, submit: en.auth.login.submit };
    const first = await browser.newContext({ locale: "en-US" });
    const page = await logIn(first, "alice", english);
    expect(await htmlLang(page)).toBe("en");

    await switchTo(page, LOCALE_NAMES["zh-Hans"], en.common.language.label);
    await waitForLang(page, "zh-Hans");
    await page.getByRole("button", { name: zh.common.header.logOut, exact: true }).waitFor();
    await first.close();

    // A new session in a browser that asks for English: the account's choice wins once logged in.
    const second = await browser.newContext({ locale: "en-US" });
    const again = await logIn(second, "alice", english);
    await waitForLang(again, "zh-Hans");
    await again.getByRole("link", { name: zh.common.header.latest, exact: true }).first().waitFor();
    await again.goto(`${t.baseUrl}/t/${threadId}`);
    expect(await htmlLang(again)).toBe("zh-Hans");
    await second.close();

    // The choice is alice's, not the machine's: bob in a fresh session still reads English.
    const third = await browser.newContext({ locale: "en-US" });
    const bob = await logIn(third, "bob", english);
    expect(await htmlLang(bob)).toBe("en");
    await third.close();
  });

  it("switches language with JavaScript off and comes back to the same page", async () => {
    const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/latest`);
    expect(await htmlLang(page)).toBe("en");

    await switchTo(page, LOCALE_NAMES.sv, en.common.language.label);
    await page.waitForURL(`${t.baseUrl}/latest`);
    expect(await htmlLang(page)).toBe("sv");
    await page.getByRole("link", { name: sv.common.header.latest, exact: true }).first().waitFor();

    // The cookie keeps it for the next page, still without a script.
    await page.goto(`${t.baseUrl}/login`);
    expect(await htmlLang(page)).toBe("sv");
    await page.getByRole("heading", { name: sv.auth.login.title, exact: true }).waitFor();
    await context.close();
  });
});
