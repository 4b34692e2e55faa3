import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { ApiClient } from "../helpers/http";
import { loggedInPage, registeredPage } from "../helpers/pages";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const ada = await new ApiClient(t.baseUrl).login("ada");
  // This journey is about the community core; holding a newcomer's first post for review has
  // its own end-to-end test (moderation.e2e), so new members post freely here.
  await ada.put("/api/v1/admin/settings/moderation", { minTrustToPostFreely: 0 });
  // A solved thread the newcomer's question resembles.
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const categoryId = (await alice.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
  const existing = await alice.post("/api/v1/threads", { categoryId, kind: "question", title: "How do I export invoices to CSV?", body: "The export button is grey." });
  const bob = await new ApiClient(t.baseUrl).login("bob");
  const answer = await bob.post(`/api/v1/threads/${existing.body.thread.id}/posts`, { body: "You need the billing admin role." });
  await alice.post(`/api/v1/posts/${answer.body.post.id}/accept`);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("a newcomer's first question, end to end", () => {
  it("finds a category, asks, sees similar threads, gets an answer, accepts it and finds it by search", async () => {
    const dana = await registeredPage(browser, t.baseUrl, "dana");

    // Find the category from the home page and ask there.
    await dana.getByRole("link", { name: "How do I..." }).first().click();
    await dana.waitForURL(/\/c\/how-do-i/);
    await dana.getByRole("link", { name: "Ask a question" }).click();
    await dana.waitForURL(/\/new\?category=/);

    // While the title is typed, the solved thread that may already answer it shows up.
    await dana.getByLabel("Title").pressSequentially("Export invoices to CSV spreadsheet", { delay: 10 });
    const similar = dana.getByTestId("similar-threads");
    await similar.getByRole("link", { name: "How do I export invoices to CSV?" }).waitFor();
    expect(await similar.getByText("✓ solved").count()).toBe(1);

    await dana.getByLabel("Details").fill("I need every invoice from 2025 in one **spreadsheet** for the auditors.");
    await dana.getByRole("button", { name: "Post thread" }).click();
    await dana.waitForURL(/\/t\/\d+$/);
    const threadUrl = dana.url();
    await dana.getByTestId("thread-title").getByText("Export invoices to CSV spreadsheet").waitFor();

    // Another member answers.
    const bob = await loggedInPage(browser, t.baseUrl, "bob");
    await bob.goto(threadUrl);
    await bob.getByLabel("Reply", { exact: true }).fill("Use the **reconciliation** report under Billing, it exports a whole year at once.");
    await bob.getByRole("button", { name: "Post reply" }).click();
    await bob.getByText("it exports a whole year at once").waitFor();

    // The asker sees it and accepts it; it moves up under the question.
    await dana.goto(threadUrl);
    const reply = dana.getByTestId("post").filter({ hasText: "reconciliation" });
    await reply.getByRole("button", { name: "✓ Accept answer" }).click();
    await dana.getByTestId("accepted-answer").getByText("reconciliation").waitFor();
    await dana.getByText("✓ Solved").first().waitFor();

    // Anyone can now find the thread by a word from the accepted answer.
    const carol = await loggedInPage(browser, t.baseUrl, "carol");
    await carol.getByLabel("Search the community").fill("reconciliation");
    await carol.getByLabel("Search the community").press("Enter");
    await carol.waitForURL(/\/search\?q=reconciliation/);
    const result = carol.getByRole("link", { name: "Export invoices to CSV spreadsheet" });
    await result.waitFor();
    expect(await carol.locator("mark").filter({ hasText: /reconciliation/i }).count()).toBeGreaterThan(0);
    await result.click();
    // A client-side navigation: the post bodies come in the route's data.
    await carol.getByTestId("accepted-answer").getByText("reconciliation").waitFor();
    // A document load: the bodies are in the markup only, and hydration keeps them.
    await carol.reload();
    await carol.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await carol.getByTestId("accepted-answer").getByText("reconciliation").waitFor();
    expect(await carol.getByTestId("post-body").filter({ hasText: "it exports a whole year at once" }).count()).toBeGreaterThan(0);
  });
});
