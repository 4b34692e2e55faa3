import type { Browser, Page } from "playwright-core";

/** A fresh browser context logged in through the real login page. */
export async function loggedInPage(browser: Browser, baseUrl: string, handle: string, password = "demo-password"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Handle or email").fill(handle);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("link", { name: `@${handle}` }).first().waitFor();
  return page;
}

/** Registers a new member through the sign-up page and returns their page. */
export async function registeredPage(browser: Browser, baseUrl: string, handle: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel("Email").fill(`${handle}@example.com`);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: `@${handle}` }).first().waitFor();
  return page;
}
