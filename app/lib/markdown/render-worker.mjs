// @ts-check
/**
 * Renders post bodies in a worker thread: Markdown → HTML with marked, then a strict
 * sanitize-html allowlist. It lives off the main thread because marked's regexes can spin for
 * seconds on small hostile inputs, and terminating the thread is the only way to stop them.
 *
 * Plain JavaScript on purpose: `new Worker(path)` loads it both under tsx and from the esbuild
 * server bundle, so it must run under bare node.
 *
 * Protocol: says `{ready: true}` once loaded; then receives `{id, markdown}` and replies
 * `{id, html}` or `{id, error}`. The pool starts a render's time limit only after `ready`.
 */
import { parentPort } from "node:worker_threads";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * @typedef {{ id: number, markdown: string }} RenderRequest
 * @typedef {{ id: number, html: string } | { id: number, error: string }} RenderReply
 * @typedef {{ type: "mention", raw: string, handle: string }} MentionToken
 */

// Keep these three patterns in sync with MENTION in render.server.ts, so the handles
// that get notified are the ones that render as mention links.
/** `@handle` at the start of the remaining source; a longer run of handle characters or a
 * following `@` (an address like `@bob@example.com`) is not a mention. */
const MENTION = /^@([A-Za-z0-9][A-Za-z0-9_-]{1,29})(?![A-Za-z0-9_@-])/;
/** What the text before an `@` may not end with: a letter or digit (e-mail addresses), a path,
 * an escape, or an `_` glued to a word (`bob_@x`); a lone `_` is emphasis and still allows one. */
const NOT_AFTER = /(?:[A-Za-z0-9.+\/\\@-]|[A-Za-z0-9.+-]_)$/;
/** Where a mention may start, so that marked ends a text run there. Only at such `@`s: cutting
 * `bob@example.com` at its `@` would hide the address from GFM's e-mail autolinks. */
const MENTION_START = /(?<!(?:[A-Za-z0-9.+\/\\@-]|[A-Za-z0-9.+-]_))@[A-Za-z0-9]/;

/** Links: web and mail addresses, and site-relative paths (mentions link to /u/<handle>). */
const SAFE_LINK = /^(?:https?:\/\/|mailto:|\/(?![\/\\]))/i;
/** Images only from absolute web addresses: a relative image would be fetched from our own
 * origin with the reader's cookies. */
const SAFE_IMAGE = /^https?:\/\//i;
/** Browsers ignore these in URLs (`java\tscript:`, `/\n/evil`), so URLs are judged without them. */
const URL_IGNORED = /[\u0000-\u0020\u007f-\u009f]/g;
/** Table cell alignments marked writes; sanitize-html's own value filter would leave a bare `align`. */
const ALIGNMENT = /^(?:left|center|right)$/;
/** Readers' links must not pass ranking to, or an opener handle to, whatever a post links to. */
const LINK_REL = "nofollow ugc noopener";

/** @type {import("marked").TokenizerAndRendererExtension} */
const mentionExtension = {
  name: "mention",
  level: "inline",
  start: (src) => src.search(MENTION_START),
  tokenizer(src, tokens) {
    if (src.charCodeAt(0) !== 64 || this.lexer.state.inLink) return undefined;
    const match = MENTION.exec(src);
    if (!match || NOT_AFTER.test(tokens.at(-1)?.raw ?? "")) return undefined;
    return /** @type {MentionToken} */ ({ type: "mention", raw: match[0], handle: match[1] });
  },
  renderer(token) {
    const { handle } = /** @type {MentionToken} */ (token);
    return `<a class="mention" href="/u/${handle.toLowerCase()}">@${handle}</a>`;
  },
};

const marked = new Marked({ gfm: true, breaks: false, async: false, extensions: [mentionExtension] });

/**
 * Keeps the URL attribute only when it passes `allowed` as a browser would read it.
 * @param {sanitizeHtml.Attributes} attribs
 * @param {string} name
 * @param {RegExp} allowed
 * @returns {sanitizeHtml.Attributes}
 */
function withSafeUrl(attribs, name, allowed) {
  const { [name]: url, ...rest } = attribs;
  return url !== undefined && allowed.test(url.replace(URL_IGNORED, "")) ? { ...rest, [name]: url } : rest;
}

/**
 * @param {string} tagName
 * @param {sanitizeHtml.Attributes} attribs
 * @returns {sanitizeHtml.Tag}
 */
function withAlignment(tagName, { align }) {
  return { tagName, attribs: align && ALIGNMENT.test(align) ? { align } : {} };
}

/** @type {sanitizeHtml.IOptions} */
const SANITIZE = {
  allowedTags: [
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  // Listing a tag here also allows its class attribute, filtered to these values.
  allowedClasses: { a: ["mention"], code: [/^language-[a-z0-9+#-]+$/] },
  allowedSchemes: [],
  allowedSchemesByTag: { a: ["http", "https", "mailto"], img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Replaces sanitize-html's default list, so its entries (xmp included) are repeated here.
  nonTextTags: ["script", "style", "textarea", "option", "xmp", "noscript", "iframe"],
  transformTags: {
    // A post must not outrank the page's own title and section headings.
    h1: "h3",
    h2: "h3",
    a: (tagName, attribs) => ({ tagName, attribs: { ...withSafeUrl(attribs, "href", SAFE_LINK), rel: LINK_REL } }),
    img: (tagName, attribs) => ({ tagName, attribs: withSafeUrl(attribs, "src", SAFE_IMAGE) }),
    th: withAlignment,
    td: withAlignment,
    // ```TypeScript is common; the class allowlist is lowercase.
    code: (tagName, attribs) => ({ tagName, attribs: { class: (attribs.class ?? "").toLowerCase() } }),
  },
};

/**
 * @param {string} markdown
 * @returns {string}
 */
function render(markdown) {
  return sanitizeHtml(/** @type {string} */ (marked.parse(markdown)), SANITIZE);
}

/**
 * @param {RenderRequest} request
 * @returns {RenderReply}
 */
function reply({ id, markdown }) {
  try {
    return { id, html: render(markdown) };
  } catch (error) {
    // Deep inputs overflow marked's recursion (RangeError); the parent turns this into a 422.
    return { id, error: String(error) };
  }
}

const port = parentPort;
if (!port) throw new Error("render-worker.mjs must be started with new Worker()");
port.on("message", (/** @type {RenderRequest} */ request) => port.postMessage(reply(request)));
// marked's first parse compiles its rules: done here, so no post's time limit pays for it.
render("warm *up*");
port.postMessage({ ready: true });
