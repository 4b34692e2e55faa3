/**
 * From a prospect's vote and question to sales and the roadmap, in Chromium: carol (Globex, a
 * prospect) votes for an idea and asks in Swedish what more seats would cost; an admin's
 * harvest pass runs in the background; sam (sales) finds carol's lead with both signals and
 * marks it contacted; pete (product manager) sees the idea's votes and companies on the board
 * and plans it; anyone then finds it on the roadmap.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { ApiClient } from "../helpers/http";
import { loggedInPage } from "../helpers/pages";
import { startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/sockets";

const IDEA = "Single sign-on with SAML";
const QUESTION = "Hur mycket kostar det för 25 användare? Vi behöver en offert för fler licenser.";

let t: TestServer;
let browser: Browser;
let ideaId: number;

beforeAll(async () => {
  // Workers on: the pass an admin starts runs as a background job, as in production.
  [t, browser] = await Promise.all([startTestServer({ workers: true }), launchBrowser()]);
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const categoryId = (await alice.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "ideas").id;
  const created = await alice.post("/api/v1/threads", { categoryId, kind: "idea", title: IDEA, body: "We need SSO through our identity provider." });
  ideaId = created.body.thread.id;
  // A customer's vote already stands: after carol's the idea has two voters from two companies.
  const bob = await new ApiClient(t.baseUrl).login("bob");
  expect((await bob.post(`/api/v1/threads/${ideaId}/votes`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("a prospect's interest, end to end", () => {
  it("reaches sales as a lead with both signals and the board with its votes, and the planned idea shows on the roadmap", { timeout: 180_000 }, async () => {
    // carol votes for the idea and asks about seats, in Swedish.
    const carol = await loggedInPage(browser, t.baseUrl, "carol");
    await carol.goto(`${t.baseUrl}/t/${ideaId}`);
    await carol.getByRole("button", { name: "Vote for this idea" }).click();
    await carol.getByRole("button", { name: "✓ Voted · undo" }).waitFor();
    await carol.goto(`${t.baseUrl}/new`);
    await carol.getByLabel("Category").selectOption({ label: "How do I..." });
    await carol.getByLabel("Title").fill("Pris för fler licenser");
    await carol.getByLabel("Details").fill(QUESTION);
    await carol.getByRole("button", { name: "Post thread" }).click();
    await carol.waitForURL(/\/t\/\d+$/);

    // An admin runs a harvest pass; the job queue does the work.
    const ada = await new ApiClient(t.baseUrl).login("ada");
    const started = await ada.post("/api/v1/harvest/runs", { scope: "full" });
    expect(started.status, started.text).toBe(202);
    await eventually(async () => (await ada.get(`/api/v1/harvest/runs/${started.body.run.id}`)).body.run.status === "done", 60_000, "the harvest pass is done");

    // sam finds carol's lead from the header, with the buying question and the vote.
    const sam = await loggedInPage(browser, t.baseUrl, "sam");
    await sam.getByRole("link", { name: "Leads", exact: true }).click();
    await sam.waitForURL(/\/leads$/);
    const row = sam.getByTestId("lead-row").filter({ hasText: "@carol" });
    await row.waitFor();
    await row.getByText("Globex", { exact: true }).waitFor();
    const intent = row.locator('[data-testid="lead-signal"][data-kind="buying_intent"]');
    expect(await intent.count()).toBeGreaterThanOrEqual(1);
    expect((await intent.allTextContents()).join(" ")).toMatch(/25 användare|offert för fler licenser/);
    await row.locator('[data-testid="lead-signal"][data-kind="idea_vote"]').filter({ hasText: IDEA }).waitFor();
    // The score explains itself.
    await row.getByText("why").click();
    await row.getByText("buying intent:").waitFor();

    // sam marks it contacted, and it stays so.
    await row.getByLabel("Status of @carol").selectOption("contacted");
    await row.getByRole("button", { name: "Save" }).click();
    await sam.getByText("@carol is now contacted.").waitFor();
    await sam.reload();
    expect(await sam.getByTestId("lead-row").filter({ hasText: "@carol" }).getByLabel("Status of @carol").inputValue()).toBe("contacted");

    // pete sees the idea's votes and companies on the board and plans it from its page.
    const pete = await loggedInPage(browser, t.baseUrl, "pete");
    await pete.getByRole("link", { name: "Ideas", exact: true }).click();
    await pete.waitForURL(/\/ideas$/);
    const ideaRow = pete.getByTestId("idea-row").filter({ hasText: IDEA });
    expect(await ideaRow.getByTestId("idea-votes").textContent()).toBe("2");
    expect(await ideaRow.getByTestId("idea-companies").textContent()).toBe("2");
    await ideaRow.getByRole("link", { name: IDEA }).click();
    await pete.waitForURL(new RegExp(`/ideas/${ideaId}$`));
    await pete.getByLabel("New status").selectOption("planned");
    await pete.getByLabel("Note to voters and followers (optional)").fill("Planned for the spring release.");
    await pete.getByRole("button", { name: "Update status" }).click();
    await pete.getByText("Status set to Planned.").waitFor();

    // Anyone, signed in or not, finds it on the roadmap.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${t.baseUrl}/roadmap`);
    await visitor.getByTestId("roadmap-planned").getByRole("link", { name: IDEA }).waitFor();
    expect(await visitor.getByTestId("roadmap-shipped").getByRole("link", { name: IDEA }).count()).toBe(0);
  });
});
