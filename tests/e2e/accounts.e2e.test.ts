import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The header's account links: "Log in" also appears in the home page's hero. */
const accountNav = (page: Page) => page.getByRole("navigation", { name: "Account" });

describe("accounts in the browser", () => {
  it("registers, logs out and logs back in through the real pages", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${t.baseUrl}/`);
    await expect(page.getByTestId("category").count()).resolves.toBe(4);
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(/\/register$/);

    // A taken handle is refused next to the field, and what was typed is kept.
    await page.getByLabel("Handle").fill("alice");
    await page.getByLabel("Email").fill("freya@example.com");
    await page.getByLabel("Password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("That handle is taken.").waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("freya@example.com");

    await page.getByLabel("Handle").fill("freya");
    await page.getByLabel("Password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${t.baseUrl}/`);
    await page.getByRole("link", { name: "@freya" }).waitFor();

    await page.getByRole("button", { name: "Log out" }).click();
    await accountNav(page).getByRole("link", { name: "Log in" }).waitFor();
    expect(await page.getByRole("link", { name: "@freya" }).count()).toBe(0);

    // A protected page sends us to log in and back afterwards.
    await page.goto(`${t.baseUrl}/profile`);
    await page.waitForURL(/\/login\?next=%2Fprofile/);
    await page.getByLabel("Handle or email").fill("freya");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Wrong handle or password.").waitFor();

    await page.getByLabel("Password").fill("a-long-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${t.baseUrl}/profile`);
    await page.getByRole("heading", { name: "@freya" }).waitFor();
    await context.close();
  });

  it("works without JavaScript: forms post and show field errors", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/register`);
    await page.getByLabel("Handle").fill("x");
    await page.getByLabel("Email").fill("nope");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("handle must be at least 2 characters").waitFor();
    await page.getByText("password must be at least 8 characters").waitFor();

    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel("Handle or email").fill("bob");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "@bob" }).waitFor();
    await context.close();
  });

  it("shows admins the admin pages and keeps members out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel("Handle or email").fill("alice");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "@alice" }).waitFor();
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    const refused = await page.goto(`${t.baseUrl}/admin/users`);
    expect(refused?.status()).toBe(403);

    await page.getByRole("button", { name: "Log out" }).click();
    await accountNav(page).getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Handle or email").fill("ada");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Users" }).waitFor();

    // Give bob the moderator role through the form.
    const bobRow = page.getByTestId("user-bob");
    await bobRow.getByLabel("Role of bob").selectOption("moderator");
    await bobRow.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved @bob.").waitFor();
    const bob = await t.app.db.selectFrom("users").select("role").where("handle", "=", "bob").executeTakeFirstOrThrow();
    expect(bob.role).toBe("moderator");
    await context.close();
  });
});
