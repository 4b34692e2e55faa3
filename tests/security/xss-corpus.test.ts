/**
 * Renders every vector of the shared XSS corpus as a post body and checks the HTML that comes out
 * against the sanitizer's allowlist. A missing corpus fails the run: a skipped security test looks
 * like a passing one.
 */
import { afterAll, describe, expect, it } from "vitest";
import { closeMarkdownWorkers, renderMarkdown } from "../../app/lib/markdown/render.server";
import { isAppError } from "../../app/lib/errors";
import { loadCorpus, problems, type Vector } from "../helpers/html-safety";

afterAll(closeMarkdownWorkers);

/** The worker pool renders two at a time; more in flight would only queue. */
const CONCURRENCY = 2;

interface Outcome {
  rendered: number;
  refused: number;
  failures: string[];
}

async function renderOne(vector: Vector, outcome: Outcome): Promise<void> {
  const label = `${vector.source}#${vector.id}`;
  try {
    const html = await renderMarkdown(vector.vector);
    outcome.rendered++;
    for (const problem of problems(html)) outcome.failures.push(`${label}: ${problem} in ${JSON.stringify(html)}`);
  } catch (error) {
    if (isAppError(error) && error.status === 422) outcome.refused++;
    else outcome.failures.push(`${label}: ${String(error)}`);
  }
}

/** Renders the vectors `CONCURRENCY` at a time, each lane taking the next one left. */
async function renderAll(vectors: Vector[]): Promise<Outcome> {
  const outcome: Outcome = { rendered: 0, refused: 0, failures: [] };
  let next = 0;
  const lane = async () => {
    while (next < vectors.length) await renderOne(vectors[next++], outcome);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return outcome;
}

describe("XSS corpus", () => {
  it("checks its own checker", () => {
    expect(problems('<p><a href="https://x.example" rel="nofollow ugc noopener">x</a></p>')).toEqual([]);
    expect(problems('<a href="/&#9;/evil.example">x</a>')).toEqual(['unsafe href="/&#9;/evil.example"']);
    expect(problems('<a href="JaVa&#x09;script&#58;alert(1)">')).toEqual(['unsafe href="JaVa&#x09;script&#58;alert(1)"']);
    expect(problems('<a href="https&colon;//x.example">')).toEqual(['unsafe href="https&colon;//x.example"']);
    expect(problems('<a href="https://x.example/?a=1&amp;b=2">')).toEqual([]);
    expect(problems('<img src="/avatar.png" />')).toEqual(['unsafe src="/avatar.png"']);
    expect(problems('<div onclick="x">')).toEqual(["tag <div> not in the allowlist", "event handler onclick on <div>"]);
    expect(problems('<img alt="&gt;&lt;img src=x onerror=alert(1)&gt;" />')).toEqual([]);
    expect(problems("<img alt=x onerror=alert(1)>")).toEqual(["event handler onerror on <img>"]);
    expect(problems("<svg><script>")).toContain("forbidden tag <svg");
  });

  it("renders every vector without executable markup", { timeout: 120_000 }, async () => {
    const vectors = loadCorpus();
    const started = performance.now();
    const { rendered, refused, failures } = await renderAll(vectors);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`XSS corpus: ${vectors.length} vectors, ${rendered} rendered, ${refused} refused (422) in ${seconds} s`);
    expect(rendered + refused).toBe(vectors.length);
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  });
});
