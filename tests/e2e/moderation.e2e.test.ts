import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { loggedInPage, registeredPage } from "../helpers/pages";
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

describe("pre-moderation in the browser", () => {
  it("holds a new member's post until a moderator approves it from the queue; then others see it", async () => {
    const eve = await registeredPage(browser, t.baseUrl, "eve");
    await eve.goto(`${t.baseUrl}/new`);
    await eve.getByLabel("Category").selectOption({ label: "How do I..." });
    await eve.getByLabel("Title").fill("How do I change the billing email?");
    await eve.getByLabel("Details").fill("Invoices still go to a colleague who left.");
    await eve.getByRole("button", { name: "Post thread" }).click();
    await eve.waitForURL(/\/t\/\d+$/);
    const threadUrl = eve.url();
    await eve.getByText("awaiting approval", { exact: true }).waitFor();
    await eve.getByText("This thread is awaiting approval by a moderator.").waitFor();

    // Nobody else sees it yet.
    const carol = await loggedInPage(browser, t.baseUrl, "carol");
    await carol.goto(`${t.baseUrl}/latest`);
    expect(await carol.getByRole("link", { name: "How do I change the billing email?" }).count()).toBe(0);
    const hidden = await carol.goto(threadUrl);
    expect(hidden?.status()).toBe(404);

    // A moderator approves it from the review queue.
    const mia = await loggedInPage(browser, t.baseUrl, "mia");
    await mia.goto(`${t.baseUrl}/mod`);
    const item = mia.getByTestId("queue-item").filter({ hasText: "Invoices still go to a colleague who left." });
    await item.getByText("new member").waitFor();
    await item.getByRole("button", { name: "Approve" }).click();
    await mia.getByText("approve: 1 done").waitFor();
    await expect.poll(() => mia.getByTestId("queue-item").filter({ hasText: "Invoices still go to a colleague who left." }).count()).toBe(0);

    // Now the third member sees it in the list and on its page.
    await carol.goto(`${t.baseUrl}/latest`);
    await carol.getByRole("link", { name: "How do I change the billing email?" }).click();
    await carol.getByText("Invoices still go to a colleague who left.").waitFor();
    expect(await carol.getByText("awaiting approval", { exact: true }).count()).toBe(0);
  });
});
