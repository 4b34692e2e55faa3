import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppError, msg } from "../../app/lib/errors";
import { RenderPool, type RenderPoolOptions } from "../../app/lib/markdown/render-pool";

const WORKER = path.resolve("app/lib/markdown/render-worker.mjs");
/** Backtracks in marked for hundreds of milliseconds: a render that keeps a worker busy. */
const SLOW = "a".repeat(12_000) + "@";

let pool: RenderPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function makePool(overrides: Partial<RenderPoolOptions> = {}): RenderPool {
  pool = new RenderPool({
    size: 2,
    maxQueued: 50,
    maxQueuedPerKey: 8,
    maxWaitMs: 30_000,
    workerHeapMb: 256,
    workerFile: () => WORKER,
    unformattable: () => new AppError(422, "validation_failed", msg("render.unformattable")),
    ...overrides,
  });
  return pool;
}

describe("render pool", () => {
  it("starts the time limit when a loaded worker takes the render, not while threads start", async () => {
    // Workers that take 800 ms to start, renders limited to 400 ms: only a limit that starts
    // once a worker is ready lets these plain posts through.
    const cold = makePool({ workerFile: () => path.resolve("tests/fixtures/slow-start-render-worker.mjs") });
    const outputs = await Promise.all(Array.from({ length: 6 }, (_, i) => cold.render({ markdown: `reply **${i}**`, timeoutMs: 400 })));
    expect(outputs).toEqual(Array.from({ length: 6 }, (_, i) => `<p>reply <strong>${i}</strong></p>\n`));
  });

  it("refuses a render that exceeds its limit with the input's error, and serves the next one at once", async () => {
    const p = makePool({ size: 1 });
    await expect(p.render({ markdown: "a".repeat(40_000) + "@", timeoutMs: 100 })).rejects.toMatchObject({ status: 422 });
    // The replacement worker started right after the timeout; a tight limit proves it is warm.
    expect(await p.render({ markdown: "still *works*", timeoutMs: 1_000 })).toBe("<p>still <em>works</em></p>\n");
  });

  it("serves authors in turn: one author's pile of slow renders does not delay another's reply", async () => {
    const p = makePool({ size: 1 });
    const finished: string[] = [];
    const slow = Array.from({ length: 5 }, (_, i) =>
      p.render({ markdown: SLOW, timeoutMs: 10_000, key: "user:1" }).then(() => finished.push(`slow-${i}`)),
    );
    const quick = p.render({ markdown: "hello", timeoutMs: 10_000, key: "user:2" }).then(() => finished.push("quick"));
    await Promise.all([...slow, quick]);
    // FIFO would put it last; taking keys in turn puts it right after the first slow render.
    expect(finished.indexOf("quick")).toBeLessThanOrEqual(1);
  });

  it("caps what one author may have waiting with a 429 and Retry-After", async () => {
    const p = makePool({ size: 1, maxQueuedPerKey: 3 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => p.render({ markdown: SLOW, timeoutMs: 10_000, key: "user:7" })));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatchObject({ status: 429, headers: { "Retry-After": expect.any(String) } });
    // Another author is not affected by user 7's cap.
    expect(await p.render({ markdown: "fine", timeoutMs: 10_000, key: "user:8" })).toBe("<p>fine</p>\n");
  });

  it("answers 503 with Retry-After when the whole queue is full, and keeps serving after", async () => {
    const p = makePool({ size: 1, maxQueued: 3 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => p.render({ markdown: SLOW, timeoutMs: 10_000, key: `user:${i}` })));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatchObject({ status: 503, code: "unavailable", headers: { "Retry-After": expect.any(String) } });
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(3);
    expect(await p.render({ markdown: "after", timeoutMs: 10_000 })).toBe("<p>after</p>\n");
  });

  it("fails waiting renders with a server error when workers cannot even load", async () => {
    const p = makePool({ workerFile: () => "/nonexistent/render-worker.mjs" });
    const failure = await p.render({ markdown: "x", timeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(AppError);
  });
});
