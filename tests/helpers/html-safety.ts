/**
 * The XSS corpus (tests/fixtures, see its README) and an allowlist checker for HTML we produce: used by the renderer's
 * corpus test and by the API tests that post every vector as a title and a body.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const CORPUS = process.env.XSS_CORPUS || path.resolve(process.cwd(), "tests/fixtures/xss-vectors.jsonl");
export interface Vector {
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
export function problems(html: string): string[] {
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

export function loadCorpus(): Vector[] {
  if (!existsSync(CORPUS))
    throw new Error(`XSS corpus not found at ${CORPUS}: restore tests/fixtures/xss-vectors.jsonl or set XSS_CORPUS to its path.`);
  return readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Vector);
}

/** Tags that load or run code wherever they appear in a page (the pages themselves use none). */
const EXECUTABLE_TAGS = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "math", "portal", "style", "template"]);
/** Attributes whose value a browser follows or runs as a URL. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "values", "to", "from", "ping"]);
const SCRIPT_URL = /^(?:javascript|vbscript|data):/i;

/**
 * What could run in a whole rendered page (its own scripts, forms and charts included): event
 * handler attributes, script URLs, tags that load code, a meta refresh. Script elements are
 * counted by `scriptCount`, to compare with the same page showing harmless text. Text React or
 * Remix escaped never matches: `<` reaches the page only as real markup.
 */
export function pageProblems(html: string): string[] {
  const found: string[] = [];
  for (const [, tag, attributes] of html.matchAll(TAG)) {
    const name = tag.toLowerCase();
    if (EXECUTABLE_TAGS.has(name)) found.push(`tag <${tag}>`);
    if (name === "meta" && /http-equiv\s*=\s*["']?refresh/i.test(attributes)) found.push("meta refresh");
    for (const [, attribute, ...values] of attributes.matchAll(ATTRIBUTE)) {
      const attr = attribute.toLowerCase();
      const value = values.find((v) => v !== undefined) ?? "";
      if (attr.startsWith("on")) found.push(`event handler ${attribute} on <${tag}>`);
      if (attr === "srcdoc") found.push(`srcdoc on <${tag}>`);
      if (URL_ATTRIBUTES.has(attr)) {
        const url = decodeAttribute(value)?.replace(URL_IGNORED, "");
        if (url === undefined || SCRIPT_URL.test(url)) found.push(`${attr}=${JSON.stringify(value.slice(0, 80))} on <${tag}>`);
      }
      if (attr === "style" && /expression\s*\(|javascript:|url\s*\(/i.test(decodeAttribute(value) ?? value)) found.push(`style=${JSON.stringify(value.slice(0, 80))} on <${tag}>`);
    }
  }
  return found;
}

export const scriptCount = (html: string): number => (html.match(/<script\b/gi) ?? []).length;
