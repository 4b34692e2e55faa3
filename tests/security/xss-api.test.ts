/**
 * Every vector of the shared corpus goes through the real API as a thread title and as a post
 * body: never a 500, what is accepted is stored as given, and nothing stored or served can run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { loadCorpus, problems } from "../helpers/html-safety";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let member: ApiClient;
let categoryId: number;

beforeAll(async () => {
  t = await startTestServer();
  member = await new ApiClient(t.baseUrl).login("bob");
  categoryId = (await member.get("/api/v1/categories")).body.categories.find((c: { slug: string }) => c.slug === "how-do-i").id;
});
afterAll(async () => {
  await t?.close();
});

const ACCEPTED = new Set([201, 413, 422]);

async function inLanes<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

describe("the XSS corpus through the API", () => {
  it("takes every vector as a title and as a body without a 500 or executable output", { timeout: 600_000 }, async () => {
    const vectors = [...new Set(loadCorpus().map((v) => v.vector))];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const post = async (label: string, title: string, body: string) => {
      const res = await member.post("/api/v1/threads", { categoryId, kind: "question", title, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (!ACCEPTED.has(res.status)) failures.push(`${label}: ${res.status} ${res.text.slice(0, 300)}`);
      return res;
    };

    // One thread per vector carries it as both title and body; a vector that is not a valid
    // title (too short or long) is posted again under a plain title, so its body is tested too.
    await inLanes(vectors, 6, async (vector, i) => {
      const res = await post(`#${i}`, vector, vector);
      if (res.status === 201) {
        for (const problem of problems(res.body.post.html)) failures.push(`body #${i}: ${problem}`);
        const stored = await t.app.db.selectFrom("threads").select("title").where("id", "=", res.body.thread.id).executeTakeFirstOrThrow();
        if (stored.title !== vector.replaceAll("\u0000", "").trim()) failures.push(`title #${i} was not stored as given`);
      } else if (res.status === 422 && res.body.error.fields.some((f: { field: string }) => f.field === "title")) {
        const again = await post(`body #${i}`, `Vector ${i}`, vector);
        if (again.status === 201) for (const problem of problems(again.body.post.html)) failures.push(`body #${i}: ${problem}`);
      }
    });
    console.log(`XSS via API: ${vectors.length} unique vectors, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    if (failures.length) console.log(failures.slice(0, 10).join("\n"));
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);

    // What is stored is what is served: re-check every stored body straight from the database.
    const stored = await t.app.db.selectFrom("posts").select(["id", "body_html"]).execute();
    const unsafe = stored.flatMap((p) => problems(p.body_html).map((problem) => `post ${p.id}: ${problem}`));
    expect(unsafe.slice(0, 20)).toEqual([]);
  });

  it("escapes hostile titles on the pages that show them", async () => {
    const hostile = ['<script>alert("t")</script>', '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>"];
    for (const title of hostile) {
      const created = await member.post("/api/v1/threads", { categoryId, kind: "question", title, body: "body" });
      expect(created.status).toBe(201);
      for (const path of [created.body.thread.url, "/latest", "/c/how-do-i"]) {
        const html = (await member.get(path)).text;
        expect(html, path).not.toContain(title);
        expect(html, path).toContain(title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
      }
    }
  });
});
