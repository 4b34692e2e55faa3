/**
 * The XSS corpus in a real browser: the vectors that look like markup are posted through the API
 * as titles and replies, and Chromium opens the pages that show them (the threads, the latest
 * list, search). The HTML checker (tests/security) reads what the server sends; this reads what
 * the browser made of it, after parsing and hydration: no dialog opens, no script runs, the
 * Content-Security-Policy had nothing to block, and the DOM holds no event handler attribute or
 * script URL.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { ApiClient } from "../helpers/http";
import { loadCorpus } from "../helpers/html-safety";
import { startTestServer, type TestServer } from "../helpers/server";

/** Vectors per thread page (one reply each), and how many thread pages. */
const PER_THREAD = 40;
const THREADS = 12;

let t: TestServer;
let browser: Browser;
const threadIds: number[] = [];

/** A deterministic sample of the vectors that could become markup or a script URL. */
function markupVectors(count: number): string[] {
  const candidates = [...new Set(loadCorpus().map((v) => v.vector))].filter((v) => /<|javascript:|on\w+\s*=|data:/i.test(v) && v.trim().length > 0);
  const step = Math.max(1, Math.floor(candidates.length / count));
  return candidates.filter((_, i) => i % step === 0).slice(0, count);
}

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const bob = await new ApiClient(t.baseUrl).login("bob");
  const categoryId = (await bob.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
  const vectors = markupVectors(PER_THREAD * THREADS);
  for (let i = 0; i < THREADS; i++) {
    const batch = vectors.slice(i * PER_THREAD, (i + 1) * PER_THREAD);
    // The first vector that is a valid title is this thread's title; the others are its replies.
    let created = await bob.post("/api/v1/threads", { categoryId, kind: "question", title: batch[0]!, body: batch[0]! });
    if (created.status !== 201) created = await bob.post("/api/v1/threads", { categoryId, kind: "question", title: `Vector page ${i}`, body: "Vectors follow." });
    expect(created.status, created.text).toBe(201);
    threadIds.push(created.body.thread.id);
    for (const vector of batch.slice(1)) {
      const reply = await bob.post(`/api/v1/threads/${created.body.thread.id}/posts`, { body: vector });
      expect([201, 413, 422], reply.text).toContain(reply.status);
    }
  }
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Runs in the page: what a vector left that shows it ran, or could run. */
function inspectDom(): string[] {
  const found: string[] = [...((window as unknown as { __ran?: string[] }).__ran ?? [])];
  for (const el of Array.from(document.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}>`);
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(attr.value)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}=${attr.value.slice(0, 40)}>`);
    }
  }
  for (const s of Array.from(document.querySelectorAll("script"))) if (!s.nonce && !s.src) found.push(`inline script without a nonce: ${s.textContent?.slice(0, 60)}`);
  return found;
}

/** Opens a page with every way a vector could show it ran wired to a record. */
async function visit(page: Page, path: string): Promise<string[]> {
  const ran: string[] = [];
  page.on("dialog", async (dialog) => {
    ran.push(`${path}: dialog ${dialog.type()} ${dialog.message().slice(0, 60)}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) ran.push(`${path}: CSP blocked ${message.text().slice(0, 160)}`);
  });
  await page.goto(t.baseUrl + path, { waitUntil: "load" });
  await page.waitForTimeout(300);
  const fromPage = await page.evaluate(inspectDom);
  return [...ran, ...fromPage.map((f) => `${path}: ${f}`)];
}

describe("the XSS corpus in Chromium", () => {
  it("runs nothing on the pages that show hostile posts, titles and queries", { timeout: 300_000 }, async () => {
    const context = await browser.newContext();
    // Anything a vector calls to prove it ran leaves a mark instead of a blocking dialog.
    await context.addInitScript(() => {
      const marks: string[] = [];
      (window as unknown as { __ran: string[] }).__ran = marks;
      for (const name of ["alert", "confirm", "prompt", "print"] as const) {
        (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => void marks.push(`${name}(${String(args[0] ?? "").slice(0, 40)})`);
      }
      document.addEventListener("securitypolicyviolation", (e) => marks.push(`CSP ${e.violatedDirective} ${e.blockedURI}`));
    });
    // The checks catch what they are meant to: a page that does run a vector.
    const probe = await context.newPage();
    await probe.setContent('<img src="data:," onerror="alert(1)"><a href="javascript:alert(2)">x</a>');
    await probe.waitForTimeout(200);
    expect((await probe.evaluate(inspectDom)).join(" ")).toMatch(/alert\(1\).*onerror.*javascript:/);
    await probe.close();
    const paths = [...threadIds.map((id) => `/t/${id}`), "/latest", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"];
    const problems: string[] = [];
    for (const path of paths) {
      const page = await context.newPage();
      problems.push(...(await visit(page, path)));
      await page.close();
    }
    await context.close();
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
  });
});
