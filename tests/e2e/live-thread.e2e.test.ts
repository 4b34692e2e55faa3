import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/sockets";

let t: TestServer;
let browser: Browser;
let alice: ApiClient, carol: ApiClient;
let howDoI: number;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  [alice, carol] = await Promise.all(["alice", "carol"].map((h) => new ApiClient(t.baseUrl).login(h)));
  const { body } = await alice.get("/api/v1/categories");
  howDoI = body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
});

/** A browser context logged in as `handle` (the session cookie is shared with its pages). */
async function contextAs(handle: string, viewport = { width: 1100, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const res = await context.request.post(`${t.baseUrl}/api/v1/session`, { data: { handle, password: "demo-password" } });
  expect(res.status()).toBe(200);
  return context;
}

async function ask(title: string, body: string): Promise<number> {
  const res = await alice.post("/api/v1/threads", { categoryId: howDoI, kind: "question", title, body });
  expect(res.status, res.text).toBe(201);
  return res.body.thread.id;
}

/** Opens the thread and waits until its socket has joined (the presence line counts us). */
async function openLive(page: Page, threadId: number): Promise<void> {
  await page.goto(`${t.baseUrl}/t/${threadId}`);
  await page.getByTestId("live-presence").waitFor();
  // A marker that survives only as long as the document does: proves nothing reloaded.
  await page.evaluate(() => Object.assign(window, { liveMarker: "still here" }));
}

const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker);

describe("a live thread in the browser", () => {
  it("shows a reply posted in one browser to a reader in another, without reloading", async () => {
    const threadId = await ask("How do I share a dashboard?", "Looking for a read-only link.");
    const [writer, reader] = await Promise.all([contextAs("bob"), contextAs("carol")]);
    const [writerPage, readerPage] = await Promise.all([writer.newPage(), reader.newPage()]);
    await openLive(readerPage, threadId);
    await openLive(writerPage, threadId);
    await readerPage.getByText("2 reading").waitFor();

    // Typing shows up on the other side while bob writes.
    await writerPage.getByLabel("Reply").fill("Use **Share → Viewer access** in the dashboard menu.");
    await writerPage.getByLabel("Reply").press("End");
    await readerPage.getByText("@bob is replying…").waitFor();

    await writerPage.getByRole("button", { name: "Post reply" }).click();
    const arrived = readerPage.getByTestId("post").filter({ hasText: "Viewer access" });
    await arrived.waitFor({ timeout: 5_000 });
    expect(await arrived.getAttribute("class")).toContain("post-new");
    expect(await arrived.locator("strong").textContent()).toBe("Share → Viewer access");
    expect(await stillSameDocument(readerPage)).toBe("still here");
    await readerPage.waitForFunction(() => document.querySelector("[data-testid=reply-count]")?.textContent === "1 reply");

    // The writer sees their reply once: from the redirect and the socket, merged by id.
    await writerPage.getByTestId("post").filter({ hasText: "Viewer access" }).waitFor();
    expect(await writerPage.getByTestId("post").filter({ hasText: "Viewer access" }).count()).toBe(1);
    await writerPage.waitForFunction(() => (document.querySelector("#reply-body") as HTMLTextAreaElement | null)?.value === "");

    // The asker accepts the answer elsewhere: the reader's page shows it, and keeps the draft
    // the reader was writing.
    await readerPage.getByLabel("Reply").fill("A draft that must survive");
    const answerId = Number(await arrived.getAttribute("data-post-id"));
    expect((await alice.post(`/api/v1/posts/${answerId}/accept`)).status).toBe(200);
    await readerPage.getByTestId("accepted-answer").waitFor();
    expect(await readerPage.getByLabel("Reply").inputValue()).toBe("A draft that must survive");
    await Promise.all([writer.close(), reader.close()]);
  });

  it("offers 'N new replies' to a reader scrolled away from the end, and takes them there", async () => {
    // Tall enough that the end of the replies is far below a 500 px window (distinct lines:
    // moderation holds a post that repeats a line).
    const context = Array.from({ length: 40 }, (_, i) => `Context line ${i + 1}.`).join("\n\n");
    const threadId = await ask("How do I read long threads?", `A long question.\n\n${context}`);
    const reader = await contextAs("bob", { width: 900, height: 500 });
    const page = await reader.newPage();
    await openLive(page, threadId);
    await page.evaluate(() => window.scrollTo(0, 0));

    const reply = await carol.post(`/api/v1/threads/${threadId}/posts`, { body: "A reply far below the fold." });
    expect(reply.status).toBe(201);
    const marker = page.getByTestId("new-replies");
    await marker.waitFor();
    expect(await marker.textContent()).toBe("1 new reply ↓");
    await marker.click();
    await marker.waitFor({ state: "detached" });
    await page.locator(`#post-${reply.body.post.id}`).waitFor();
    expect(await page.locator(`#post-${reply.body.post.id}`).isVisible()).toBe(true);
    expect(await stillSameDocument(page)).toBe("still here");
    await reader.close();
  });

  it("fills in the replies posted while the reader's connection was down, each once", async () => {
    const threadId = await ask("How do I survive a flaky network?", "My train goes through tunnels.");
    const reader = await contextAs("bob");
    const page = await reader.newPage();
    await openLive(page, threadId);
    const bobId = (await (await reader.request.get(`${t.baseUrl}/api/v1/me`)).json()).user.id as number;

    // Cut bob's connection under Socket.IO (as a tunnel would); the client reconnects by itself
    // after about a second. (disconnectSockets() would be a deliberate kick: no reconnect.)
    const bobsSockets = [...t.server.io.sockets.sockets.values()].filter((s) => s.rooms.has(`user:${bobId}`));
    expect(bobsSockets.length).toBeGreaterThan(0);
    for (const s of bobsSockets) s.conn.close();
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const res = await carol.post(`/api/v1/threads/${threadId}/posts`, { body: `Sent while bob was in tunnel ${i}.` });
      ids.push(res.body.post.id);
    }
    for (const id of ids) await page.locator(`#post-${id}`).waitFor({ timeout: 10_000 });
    const shown = await page.getByTestId("replies").getByTestId("post").evaluateAll((posts) => posts.map((p) => Number(p.getAttribute("data-post-id"))));
    expect(shown).toEqual(ids);
    expect(await stillSameDocument(page)).toBe("still here");
    await reader.close();
  });

  it("updates the header's unread count when a notification arrives", async () => {
    const threadId = await ask("How do I get notified?", "Tell me when someone answers.");
    const asker = await contextAs("alice");
    const page = await asker.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.evaluate(() => Object.assign(window, { liveMarker: "still here" }));
    // The socket connects after hydration: wait until the server has alice's socket in her room.
    const aliceId = (await alice.get("/api/v1/me")).body.user.id as number;
    await eventually(async () => (await t.server.io.in(`user:${aliceId}`).fetchSockets()).length > 0, 10_000, "alice's socket connected");
    const before = (await alice.get("/api/v1/notifications")).body.unread as number;
    expect((await carol.post(`/api/v1/threads/${threadId}/posts`, { body: "Here is your answer, Alice." })).status).toBe(201);
    await page.waitForFunction((n) => document.querySelector("[data-testid=unread-count]")?.textContent === String(n), before + 1);
    expect(await stillSameDocument(page)).toBe("still here");
    await asker.close();
  });

  it("keeps the plain page working without JavaScript", async () => {
    const threadId = await ask("How do I browse without scripts?", "Plain HTML please.");
    await carol.post(`/api/v1/threads/${threadId}/posts`, { body: "Works without scripts." });
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/t/${threadId}`);
    await page.getByText("Works without scripts.").waitFor();
    expect(await page.getByTestId("live-presence").count()).toBe(0);
    await context.close();
  });
});
