/**
 * The corpus as search queries and as the names admins type (companies, categories): every
 * vector is answered or refused with a 4xx, never a database error, and nothing comes back
 * that could run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../app/lib/errors";
import { createCategory } from "../../app/services/categories.server";
import { createCompany } from "../../app/services/companies.server";
import { normalizeTag } from "../../app/services/community/tags.server";
import { createThread } from "../../app/services/community/threads.server";
import { searchThreads } from "../../app/services/search.server";
import { communityFixture, type CommunityFixture } from "../helpers/community";
import { loadCorpus } from "../helpers/html-safety";

let f: CommunityFixture;

beforeAll(async () => {
  f = await communityFixture();
  const alice = await f.as("alice");
  const categoryId = await f.categoryId("how-do-i");
  // Something to find, including text that looks like markup, so snippets are exercised.
  for (const body of ["Export <script>alert(1)</script> fails", "The onerror handler <img src=x onerror=alert(1)> export", "javascript:alert(1) export link"]) {
    await createThread(f.ctx, alice, { categoryId, kind: "question", title: `Export question ${body.length}`, body });
  }
});
afterAll(async () => {
  await f?.close();
});

const vectors = () => [...new Set(loadCorpus().map((v) => v.vector))];

async function outcome(work: () => Promise<unknown>): Promise<"ok" | "refused" | string> {
  try {
    await work();
    return "ok";
  } catch (error) {
    return isAppError(error) && error.status < 500 ? "refused" : `${(error as Error).message}`;
  }
}

describe("the XSS corpus as queries and names", () => {
  it("searches with every vector without a server error; snippets carry only <mark> tags", { timeout: 240_000 }, async () => {
    const failures: string[] = [];
    const all = vectors();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < all.length) {
          const q = all[next++]!;
          try {
            const { results } = await searchThreads(f.database.db, null, { q });
            for (const r of results) {
              const tags = r.snippet.match(/<\/?[a-z][^>]*>/gi) ?? [];
              if (tags.some((tag) => !/^<\/?mark>$/.test(tag))) failures.push(`${JSON.stringify(q)}: snippet ${r.snippet}`);
            }
          } catch (error) {
            if (!(isAppError(error) && error.status === 422)) failures.push(`${JSON.stringify(q)}: ${(error as Error).message}`);
          }
        }
      }),
    );
    expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
  });

  it("takes every vector as a company and a category name, or refuses it with a 4xx", { timeout: 240_000 }, async () => {
    const ada = await f.as("ada");
    const failures: string[] = [];
    for (const [i, vector] of vectors().entries()) {
      const company = await outcome(() => createCompany(f.database.db, ada, { name: vector, plan: "prospect" }));
      if (company !== "ok" && company !== "refused") failures.push(`company ${JSON.stringify(vector)}: ${company}`);
      if (i % 10 === 0) {
        const category = await outcome(() => createCategory(f.database.db, ada, { name: vector, slug: `c-${i}`, kinds: ["question"] }));
        if (category !== "ok" && category !== "refused") failures.push(`category ${JSON.stringify(vector)}: ${category}`);
      }
    }
    expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
  });

  it("takes every vector as a thread's tag: what is stored is letters, digits and hyphens, or the thread is refused", { timeout: 240_000 }, async () => {
    const alice = await f.as("alice");
    const categoryId = await f.categoryId("how-do-i");
    const failures: string[] = [];
    for (const [i, vector] of vectors().entries()) {
      if (!/^[a-z0-9\u00c0-\u024f\u4e00-\u9fff-]*$/.test(normalizeTag(vector))) failures.push(`tag ${JSON.stringify(vector)} → ${normalizeTag(vector)}`);
      if (i % 10 !== 0) continue;
      const created = await outcome(() => createThread(f.ctx, alice, { categoryId, kind: "question", title: `Tagged question number ${i}`, body: "Tag test.", tags: [vector] }));
      if (created !== "ok" && created !== "refused") failures.push(`thread tagged ${JSON.stringify(vector)}: ${created}`);
    }
    const stored = await f.database.db.selectFrom("tags").select("slug").execute();
    for (const { slug } of stored) if (/[<>"'&=():;]/.test(slug)) failures.push(`stored tag ${JSON.stringify(slug)}`);
    expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
  });
});
