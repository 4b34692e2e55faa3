/**
 * Markdown for forum posts. Rendering runs in a pool of worker threads (render-worker.mjs,
 * render-pool.ts) under a time limit, because marked can block for seconds on a few kilobytes of
 * hostile input and only terminating its thread stops it. Everything here that runs on the main
 * thread is linear-time.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import sanitizeHtml from "sanitize-html";
import { AppError, fieldError, msg } from "../errors";
import { RenderPool } from "./render-pool";

/**
 * Largest post body accepted, in UTF-8 bytes. Callers check it (413) before rendering: the time
 * limit bounds the cost of an input, this bounds how much of it is stored and re-rendered.
 */
export const MAX_BODY_BYTES = 32 * 1024;

const DEFAULT_TIMEOUT_MS = 2000;
/** A render slot per core (at least two, at most four): rendering is CPU work. GLEANER_RENDER_WORKERS overrides. */
const POOL_SIZE = Number(process.env.GLEANER_RENDER_WORKERS) || Math.min(4, Math.max(2, availableParallelism()));
/** A render that needs more heap than this is hostile; the worker dies with ERR_WORKER_OUT_OF_MEMORY. */
const WORKER_HEAP_MB = 256;
const MAX_MENTIONS = 20;

const UNFORMATTABLE = msg("render.unformattable");

function unformattable(): AppError {
  return new AppError(422, "validation_failed", UNFORMATTABLE, { fields: [fieldError("body", UNFORMATTABLE)] });
}

/**
 * Not relative to this module: the server bundle lives in build/, which does not contain the
 * worker, whereas the server always runs from the project root (npm start, npm run dev, tests).
 * GLEANER_MARKDOWN_WORKER overrides it for other layouts (a relative path is also from the root).
 */
function workerFile(): string {
  return path.resolve(process.cwd(), process.env.GLEANER_MARKDOWN_WORKER || "app/lib/markdown/render-worker.mjs");
}

const pool = new RenderPool({
  size: POOL_SIZE,
  // Hundreds of replies arriving at once wait their turn (a render takes about a millisecond);
  // beyond that the server is overloaded and says so (503) rather than letting the queue grow.
  maxQueued: 500,
  maxQueuedPerKey: 32,
  maxWaitMs: 15_000,
  workerHeapMb: WORKER_HEAP_MB,
  workerFile,
  unformattable,
});

/**
 * Renders a post body to sanitized HTML. Rejects with a 422 AppError when the input takes longer
 * than `timeoutMs` to render or breaks the renderer (e.g. stack overflow on very deep structure),
 * with a 503 when the pool is overloaded, and a 429 when `key` (the author) has many renders waiting.
 */
export function renderMarkdown(markdown: string, options: { timeoutMs?: number; key?: string } = {}): Promise<string> {
  return pool.render({ markdown, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, key: options.key });
}

/** Starts the render workers ahead of the first post (server start-up). */
export function warmMarkdownWorkers(): void {
  pool.warm();
}

/** Stops every worker; renders still running reject. The next render starts fresh workers. */
export function closeMarkdownWorkers(): Promise<void> {
  return pool.close();
}

// ── Mentions ────────────────────────────────────────────────────────────────────────────────
// The renderer finds mentions with marked; this side cannot run marked on the main thread (see
// above), so it approximates Markdown's code rules line by line. The two patterns below are kept
// in sync with render-worker.mjs so both sides agree on what a mention is.

/** `@handle`, not glued to a word, path, escape or e-mail address before it, nor to more handle
 * characters or another `@` after it. */
const MENTION =
  /(?<!(?:[A-Za-z0-9.+\/\\@-]|[A-Za-z0-9.+-]_))@([A-Za-z0-9][A-Za-z0-9_-]{1,29})(?![A-Za-z0-9_@-])/g;
/** GFM turns these into links on its own, so an `@` inside them is part of a URL. */
const BARE_URL = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<]*/gi;
const FENCE = /^ *(`{3,}|~{3,})/;
const BLANK = /^[ \t]*$/;
const INDENTED_CODE = /^(?: {4}| {0,3}\t)/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

function closesFence(line: string, fence: string): boolean {
  const close = FENCE.exec(line);
  return !!close && close[1][0] === fence[0] && close[1].length >= fence.length && BLANK.test(line.slice(close[0].length));
}

/**
 * Splits Markdown into paragraphs of prose, leaving out fenced code and indented code (an
 * indented run after a blank line, unless it continues a list item).
 */
function proseParagraphs(markdown: string): string[] {
  const paragraphs: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) paragraphs.push(paragraph.join("\n"));
    paragraph = [];
  };
  let fence: string | undefined;
  let afterBlank = true;
  let inCode = false;
  let inList = false;
  for (const line of markdown.split(/\r\n?|\n/)) {
    if (fence) {
      if (closesFence(line, fence)) [fence, afterBlank] = [undefined, true];
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1];
      endParagraph();
      continue;
    }
    if (BLANK.test(line)) {
      endParagraph();
      afterBlank = true;
      continue;
    }
    if (INDENTED_CODE.test(line) && (inCode || (afterBlank && !inList))) {
      inCode = true;
      continue;
    }
    if (LIST_ITEM.test(line)) inList = true;
    else if (afterBlank && !INDENTED_CODE.test(line)) inList = false;
    inCode = false;
    afterBlank = false;
    paragraph.push(line);
  }
  endParagraph();
  return paragraphs;
}

/**
 * Blanks out inline code: a run of n backticks up to the next run of exactly n. Linear: each
 * run's next run of the same length is found in one backwards pass.
 */
function withoutCodeSpans(text: string): string {
  const runs = [...text.matchAll(/`+/g)].map((m) => ({ start: m.index, length: m[0].length }));
  const nextOfSameLength: Array<number | undefined> = [];
  const seen = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    nextOfSameLength[i] = seen.get(runs[i].length);
    seen.set(runs[i].length, i);
  }
  let out = "";
  let copied = 0;
  for (let i = 0; i < runs.length; i++) {
    const close = nextOfSameLength[i];
    if (close === undefined) continue;
    out += text.slice(copied, runs[i].start) + " ";
    copied = runs[close].start + runs[close].length;
    i = close;
  }
  return out + text.slice(copied);
}

/** `_@bob_` is emphasis around `@bob`: the closing `_` is not part of the handle. */
function emphasised(prose: string, at: number): boolean {
  return prose[at - 1] === "_";
}

/**
 * The handles mentioned in a post (lowercased, first 20), ignoring code and e-mail addresses.
 * Linear-time, so it is safe to call on the main thread with any input.
 */
export function extractMentions(markdown: string): string[] {
  const handles = new Set<string>();
  for (const paragraph of proseParagraphs(markdown)) {
    const prose = withoutCodeSpans(paragraph).replace(BARE_URL, " ");
    for (const match of prose.matchAll(MENTION)) {
      const handle = emphasised(prose, match.index) ? match[1].replace(/_+$/, "") : match[1];
      if (handle.length >= 2) handles.add(handle.toLowerCase());
      if (handles.size === MAX_MENTIONS) return [...handles];
    }
  }
  return [...handles];
}

// ── Plain text ──────────────────────────────────────────────────────────────────────────────

/** Block boundaries become spaces, so that `<p>a</p><p>b</p>` reads "a b", not "ab". */
const BLOCK_TAG = /<\/?(?:p|br|hr|h[1-6]|li|ul|ol|pre|blockquote|table|thead|tbody|tr|th|td|div)\b/gi;
/** All sanitize-html leaves escaped in text (it decodes the input and re-escapes only these). */
const TEXT_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/** Rendered HTML as one line of plain text, for search indexing and snippets. */
export function htmlToPlainText(html: string): string {
  const text = sanitizeHtml(html.replace(BLOCK_TAG, " $&"), { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(?:amp|lt|gt);/g, (entity) => TEXT_ENTITIES[entity])
    .replace(/\s+/g, " ")
    .trim();
}
