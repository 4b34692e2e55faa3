/**
 * Renders every vector of the shared XSS corpus as a post body and checks the HTML that comes out
 * against the sanitizer's allowlist. A missing corpus fails the run: a skipped security test looks
 * like a passing one.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeMarkdownWorkers, renderMarkdown } from "../../app/lib/markdown/render.server";
import { isAppError } from "../../app/lib/errors";

afterAll(closeMarkdownWorkers);

const CORPUS = process.env.XSS_CORPUS || path.resolve(process.cwd(), "../shared/corpora/xss-vectors.jsonl");
/** The worker pool renders two at a time; more in flight would only queue. */
const CONCURRENCY = 2;

interface Vector {
  source: string;
  id: string;
  vector: string;
}

const FORBIDDEN_TAG = /<\/?(script|iframe|object|embed|style|svg|math|form|input|meta|link|base)\b/i;
/**
 * Tags and their attributes, quotes respected: a naive `/<[^>]*\s(on[a-z]+)\s*=/` flags harmless
 * text such as `alt="&gt;&lt;img onerror=x"`, which the corpus is full of.
 */
const TAG = /<([a-zA-Z][^\s/>]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title", "class", "rel"],
  img: ["src", "alt", "title"],
  code: ["class"],
  th: ["align"],
  td: ["align"],
  ol: ["start"],
};
const ALLOWED_TAGS = new Set([
  ...["p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote"],
  ...["ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span"],
]);
const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?![/\\]))/i;
const SAFE_SRC = /^https?:\/\//i;
/** What browsers skip inside URLs, so `java&#9;script:` must be judged as `javascript:`. */
const URL_IGNORED = /[\u0000-\u0020\u007f-\u009f]/g;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Decodes an attribute value as a browser would; undefined when it holds a named entity other
 * than those the sanitizer writes (it escapes every `&`), as that means its output changed.
 */
function decodeAttribute(value: string): string | undefined {
  let unknown = false;
  const decoded = value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);?/gi, (entity, body: string) => {
    if (body[0] !== "#") return NAMED_ENTITIES[body.toLowerCase()] ?? ((unknown = true), entity);
    const code = /^#x/i.test(body) ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return String.fromCodePoint(Math.min(code, 0x10ffff));
  });
  return unknown ? undefined : decoded;
}

function urlProblem(name: string, value: string): string | undefined {
  const url = decodeAttribute(value)?.replace(URL_IGNORED, "");
  const safe = name === "href" ? SAFE_HREF : SAFE_SRC;
  return url !== undefined && safe.test(url) ? undefined : `unsafe ${name}=${JSON.stringify(value)}`;
}

/** Every way an output breaks the allowlist, empty when it is clean. */
function problems(html: string): string[] {
  const found: string[] = [];
  const forbidden = FORBIDDEN_TAG.exec(html);
  if (forbidden) found.push(`forbidden tag <${forbidden[1]}`);
  for (const [, tag, attributes] of html.matchAll(TAG)) {
    const name = tag.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) found.push(`tag <${tag}> not in the allowlist`);
    for (const [, attribute, ...values] of attributes.matchAll(ATTRIBUTE)) {
      const value = values.find((v) => v !== undefined) ?? "";
      if (/^on/i.test(attribute)) found.push(`event handler ${attribute} on <${tag}>`);
      else if (!(ALLOWED_ATTRIBUTES[name] ?? []).includes(attribute.toLowerCase()))
        found.push(`attribute ${attribute} on <${tag}> not in the allowlist`);
      if (/^(href|src)$/i.test(attribute)) {
        const problem = urlProblem(attribute.toLowerCase(), value);
        if (problem) found.push(problem);
      }
    }
  }
  return found;
}

function loadCorpus(): Vector[] {
  if (!existsSync(CORPUS))
    throw new Error(`XSS corpus not found at ${CORPUS}: check out ../shared/corpora or set XSS_CORPUS to its path.`);
  return readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Vector);
}

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
