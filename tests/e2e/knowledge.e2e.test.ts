import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { loggedInPage } from "../helpers/pages";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Workers on: the admin's pass runs on this server's queue, as in production.
  [t, browser] = await Promise.all([startTestServer({ workers: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const TITLE = "How do I rotate the API signing key?";

describe("the knowledge base, end to end", () => {
  it("turns an accepted answer into an article a moderator publishes, readers find and rate, and askers get suggested", { timeout: 180_000 }, async () => {
    // A member asks, another answers, the asker accepts the answer.
    const alice = await loggedInPage(browser, t.baseUrl, "alice");
    await alice.goto(`${t.baseUrl}/new`);
    await alice.getByLabel("Category").selectOption({ label: "How do I..." });
    await alice.getByLabel("Title").fill(TITLE);
    await alice.getByLabel("Details").fill("Our security policy asks for a new key every 90 days.");
    await alice.getByRole("button", { name: "Post thread" }).click();
    await alice.waitForURL(/\/t\/\d+$/);
    const threadUrl = alice.url();

    const bob = await loggedInPage(browser, t.baseUrl, "bob");
    await bob.goto(threadUrl);
    await bob.getByLabel("Reply", { exact: true }).fill("Press **Rotate key** under Settings → Security. The old key keeps working through a 24-hour grace period.");
    await bob.getByRole("button", { name: "Post reply" }).click();
    await bob.getByText("24-hour grace period").waitFor();

    await alice.goto(threadUrl);
    await alice.getByTestId("post").filter({ hasText: "grace period" }).getByRole("button", { name: "✓ Accept answer" }).click();
    await alice.getByTestId("accepted-answer").getByText("grace period").waitFor();

    // An admin starts a pass from the harvest page and watches it finish.
    const ada = await loggedInPage(browser, t.baseUrl, "ada");
    await ada.getByRole("link", { name: "Admin", exact: true }).click();
    await ada.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Harvest" }).click();
    await ada.waitForURL(/\/admin\/harvest$/);
    await ada.getByRole("button", { name: "Start a harvest pass" }).click();
    await ada.getByText(/Pass #\d+ is queued\.|A pass is already waiting/).waitFor();
    const run = ada.getByTestId("harvest-run").first();
    await expect.poll(() => run.getAttribute("data-status"), { timeout: 60_000 }).toBe("done");
    expect(Number(await run.locator('[data-figure="scanned"]').textContent())).toBeGreaterThanOrEqual(1);
    expect(await run.locator('[data-figure="failed"]').textContent()).toBe("0");

    // A moderator opens the queue, then the draft, and publishes it.
    const mia = await loggedInPage(browser, t.baseUrl, "mia");
    await mia.getByRole("link", { name: "Curate", exact: true }).click();
    await mia.waitForURL(/\/kb\/curate$/);
    await mia.getByTestId("kb-queue-draft").getByRole("link", { name: TITLE, exact: true }).click();
    await mia.waitForURL(/\/kb\/curate\/\d+$/);
    await mia.getByTestId("curate-preview").getByText("grace period").waitFor();
    await mia.getByRole("button", { name: "Publish", exact: true }).click();
    await mia.getByText("Published: readers can find it in the knowledge base now.").waitFor();
    await mia.getByTestId("article-status").filter({ hasText: "Published" }).first().waitFor();

    // The thread now says so next to its accepted answer.
    await alice.goto(threadUrl);
    await alice.getByTestId("kb-notice").getByRole("link", { name: TITLE }).waitFor();

    // An anonymous reader finds it, opens it, and marks it helpful.
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${t.baseUrl}/search?q=grace`);
    await reader.getByTestId("search-result").first().waitFor();
    await reader.locator('[data-testid="search-result"][data-type="article"]').getByRole("link", { name: TITLE }).click();
    await reader.waitForURL(/\/kb\/[a-z0-9-]+$/);
    await reader.getByTestId("article-body").getByText("grace period").waitFor();
    expect(await reader.getByTestId("helpful-count").textContent()).toBe("0");
    await reader.getByRole("button", { name: "Yes, it helped" }).click();
    await reader.waitForURL(/feedback=yes/);
    await expect.poll(() => reader.getByTestId("helpful-count").textContent()).toBe("1");
    await reader.getByText("your feedback was recorded").waitFor();

    // A member starting a similar question is offered the article; opening it is recorded.
    const carol = await loggedInPage(browser, t.baseUrl, "carol");
    await carol.goto(`${t.baseUrl}/new`);
    await carol.getByLabel("Title").pressSequentially("Rotate the API signing key", { delay: 10 });
    const suggestion = carol.getByTestId("suggested-article").getByRole("link", { name: TITLE });
    await suggestion.waitFor();
    const [tab] = await Promise.all([carol.context().waitForEvent("page"), suggestion.click()]);
    await tab.waitForURL(/\/kb\/[a-z0-9-]+$/);
    const carolId = (await t.app.db.selectFrom("users").select("id").where("handle", "=", "carol").executeTakeFirstOrThrow()).id;
    await expect
      .poll(async () => (await t.app.db.selectFrom("kb_deflections").select(["article_id", "settled_at"]).where("user_id", "=", carolId).execute()).length, { timeout: 10_000 })
      .toBe(1);
  });

  it("moves a running pass's progress bar from socket events, and reloads the figures when there is no socket", { timeout: 120_000 }, async () => {
    const db = t.app.db;
    const running = async () =>
      (await db.insertInto("harvest_runs").values({ scope: "full", trigger: "cli", requested_by: null, status: "running", total: 10, processed: 0, started_at: new Date() }).returning("id").executeTakeFirstOrThrow()).id;
    const finish = (id: number) =>
      db.updateTable("harvest_runs").set({ status: "done", processed: 10, finished_at: new Date(), stats: JSON.stringify({ scanned: 10, created: 2, updated: 0, flagged: 0, archived: 0, skipped: 8, failed: 0 }) }).where("id", "=", id).execute();
    const stats = { scanned: 10, created: 1, updated: 0, flagged: 0, archived: 0, skipped: 0, failed: 0 };

    // Live: the events pushed to admins' sockets move the bar; the last one brings the final figures.
    const live = await running();
    const ada = await loggedInPage(browser, t.baseUrl, "ada");
    const sockets: string[] = [];
    ada.on("websocket", (ws) => sockets.push(ws.url()));
    await ada.goto(`${t.baseUrl}/admin/harvest`);
    const row = ada.locator(`[data-testid="harvest-run"][data-run-id="${live}"]`);
    await row.getByTestId("harvest-processed").getByText("0 / 10").waitFor();
    await expect.poll(() => sockets.some((url) => url.includes("/socket.io/"))).toBe(true);
    // The page listens once its socket is connected; keep telling it until it shows.
    await expect
      .poll(async () => {
        t.app.events.publish({ type: "harvest:progress", runId: live, status: "running", processed: 4, total: 10, stats });
        return row.getByTestId("harvest-processed").textContent();
      }, { timeout: 15_000 })
      .toBe("4 / 10");
    expect(await row.locator('[data-figure="created"]').textContent()).toBe("1");
    await finish(live);
    t.app.events.publish({ type: "harvest:progress", runId: live, status: "done", processed: 10, total: 10, stats });
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    // Then the page reads the pass again: the stored figures and its duration.
    await expect.poll(() => row.locator('[data-figure="created"]').textContent(), { timeout: 15_000 }).toBe("2");
    expect(await row.locator("td").last().textContent()).not.toBe("—");

    // No socket (a proxy refusing both transports): the page reloads its data while a pass runs.
    const offline = await (await browser.newContext()).newPage();
    await offline.route("**/socket.io/**", (route) => route.abort());
    await offline.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await offline.goto(`${t.baseUrl}/login?next=/admin/harvest`);
    await offline.getByLabel("Handle or email").fill("ada");
    await offline.getByLabel("Password").fill("demo-password");
    await offline.getByRole("button", { name: "Log in" }).click();
    await offline.waitForURL((url) => url.pathname === "/admin/harvest");
    const quiet = await running();
    await offline.reload();
    const quietRow = offline.locator(`[data-testid="harvest-run"][data-run-id="${quiet}"]`);
    await quietRow.getByTestId("harvest-processed").getByText("0 / 10").waitFor();
    await finish(quiet);
    await expect.poll(() => quietRow.getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
  });
});
