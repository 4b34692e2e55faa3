import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { sql, type Kysely } from "kysely";
import { PSEUDO_CLOSE, PSEUDO_OPEN } from "../../app/i18n/pseudo";
import type { Database } from "../../db/schema";
import { ApiClient } from "./http";
import { startTestServer, type TestServer } from "./server";

/**
 * Pages rendered in the pseudo-locale (GLEANER_PSEUDO_LOCALE=1, Accept-Language: en-XA)
 * show every catalog message as ⟦…⟧. Any other visible text is a string that skipped the
 * catalogs, unless it is one of:
 * - the community's own words, which page tests write with USER_MARK in them;
 * - a handle (@name), a number, a date, punctuation, a language's own name in its `lang`;
 * - text inside <time> (Intl formats it), <code>/<pre>, scripts and styles.
 */
export const USER_MARK = "Ⓤ";

const SKIPPED_ELEMENTS = new Set(["script", "style", "time", "code", "pre", "template", "noscript", "svg", "title"]);
const TEXT_ATTRIBUTES = ["aria-label", "placeholder", "title", "alt", "aria-description"];
const FINE = /^[\s\d\p{P}\p{S}×·–—…]*$/u;
const HANDLE = /^@[\w.-]+$/;
/** A member's e-mail address is their data; a compact figure ("48M") is Intl's, not a message. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COMPACT_NUMBER = /^[\d.,]+\s?[KMBT]$/;
/** The product's name is a name, not a message. */
const NAMES = new Set(["Gleaner"]);

function acceptableText(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed || FINE.test(trimmed) || HANDLE.test(trimmed) || EMAIL.test(trimmed) || COMPACT_NUMBER.test(trimmed) || NAMES.has(trimmed)) return true;
  if (trimmed.includes(USER_MARK)) return true;
  // Every letter must sit inside a pseudo-localised run.
  const outside = trimmed.replace(new RegExp(`${PSEUDO_OPEN}[^${PSEUDO_CLOSE}]*${PSEUDO_CLOSE}`, "g"), "");
  if (outside.includes(PSEUDO_OPEN) || outside.includes(PSEUDO_CLOSE)) return true; // a run split across nodes
  return FINE.test(outside) || outside.split(/\s+/).every((word) => !word || FINE.test(word) || HANDLE.test(word));
}

/**
 * Strings on the page that do not come from the catalogs, with where they sit. `allow` lists
 * community data that cannot carry USER_MARK (tag slugs, say).
 */
export function untranslatedStrings(html: string, allow: readonly string[] = []): string[] {
  const document = parseDocument(html);
  const found: string[] = [];
  const allowed = new Set(allow);
  const acceptable = (text: string) => allowed.has(text.trim()) || acceptableText(text);
  const pageLang = (document.children.find((n) => (n as Element).name === "html") as Element | undefined)?.attribs.lang;
  const visit = (node: ChildNode, path: string) => {
    if (node.type === "text") {
      if (!acceptable(node.data)) found.push(`${path}: ${JSON.stringify(node.data.trim())}`);
      return;
    }
    if (!("name" in node) || !("children" in node)) return;
    const element = node as Element;
    if (SKIPPED_ELEMENTS.has(element.name)) return;
    // Text in another declared language (the switcher's language names) is meant as it is.
    if (element.attribs.lang && element.attribs.lang !== pageLang) return;
    const here = `${path} > ${element.name}${element.attribs.id ? `#${element.attribs.id}` : ""}${element.attribs["data-testid"] ? `[${element.attribs["data-testid"]}]` : ""}`;
    for (const attribute of TEXT_ATTRIBUTES) {
      const value = element.attribs[attribute];
      if (value !== undefined && !acceptable(value)) found.push(`${here}@${attribute}: ${JSON.stringify(value)}`);
    }
    if (element.name === "input" && ["submit", "button"].includes(element.attribs.type ?? "") && element.attribs.value && !acceptable(element.attribs.value)) {
      found.push(`${here}@value: ${JSON.stringify(element.attribs.value)}`);
    }
    for (const child of element.children) visit(child, here);
  };
  for (const child of document.children) visit(child, "");
  return found;
}

/**
 * Marks the demo community's own words (names, titles, post bodies) with USER_MARK, so a page
 * test can tell them from the interface's strings.
 */
export async function markCommunityContent(db: Kysely<Database>): Promise<void> {
  const mark = (column: string) => sql.raw(`'${USER_MARK} ' || ${column}`);
  await db.updateTable("categories").set({ name: mark("name"), description: mark("description") } as never).execute();
  await db.updateTable("threads").set({ title: mark("title") } as never).execute();
  // The index (body_lexemes) keeps the original words, so search still finds these posts.
  await db.updateTable("posts").set({ body_html: sql.raw(`'<p>${USER_MARK} post ' || id || '</p>'`), body_md: sql.raw(`'${USER_MARK} post ' || id`), search_text: sql.raw(`'${USER_MARK} ' || search_text`) } as never).execute();
  await db.updateTable("post_revisions").set({ body_md: mark("body_md") } as never).execute();
  await db.updateTable("companies").set({ name: mark("name") } as never).execute();
  await db.updateTable("kb_articles").set({ title: mark("title"), body_html: sql.raw(`'<p>${USER_MARK} article ' || id || '</p>'`) } as never).execute();
  await db.updateTable("canned_replies").set({ title: mark("title") } as never).execute();
}

/**
 * The app with the pseudo-locale on, the demo community marked as community content, and a
 * reader who asks for the pseudo-locale (logged in as `as`, or anonymous).
 */
export async function startPseudoLocaleServer(): Promise<PseudoLocaleServer> {
  process.env.GLEANER_PSEUDO_LOCALE = "1";
  const server = await startTestServer();
  const content = await writeSomeContent(server);
  await markCommunityContent(server.app.db);
  return Object.assign(server, { content });
}

export interface PseudoLocaleServer extends TestServer {
  content: { questionId: number; questionPostId: number; answerPostId: number; ideaId: number; tags: string[] };
}

/** A question answered, accepted and edited, and an idea: the parts most pages show. */
async function writeSomeContent(server: TestServer): Promise<PseudoLocaleServer["content"]> {
  const db = server.app.db;
  const category = async (slug: string) => (await db.selectFrom("categories").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const alice = await new ApiClient(server.baseUrl).login("alice");
  const bob = await new ApiClient(server.baseUrl).login("bob");
  const expectOk = <T>(res: { status: number; text: string; body: T }) => {
    if (res.status >= 300) throw new Error(`content setup failed: ${res.status} ${res.text}`);
    return res.body;
  };
  const question = expectOk(await alice.post("/api/v1/threads", { categoryId: await category("how-do-i"), kind: "question", title: "How do I export invoices?", body: "I need **all** invoices as CSV.", tags: ["billing", "export"] })) as { thread: { id: number }; post: { id: number } };
  const answer = expectOk(await bob.post(`/api/v1/threads/${question.thread.id}/posts`, { body: "Use Settings, then Export." })) as { post: { id: number } };
  expectOk(await alice.post(`/api/v1/posts/${answer.post.id}/accept`, {}));
  expectOk(await alice.patch(`/api/v1/posts/${question.post.id}`, { body: "I need **all** invoices as CSV, for 2026." }));
  await bob.post(`/api/v1/threads/${question.thread.id}/follow`, {});
  const idea = expectOk(await alice.post("/api/v1/threads", { categoryId: await category("ideas"), kind: "idea", title: "Dark mode for the dashboard", body: "I wish the dashboard had a dark mode." })) as { thread: { id: number } };
  const tags = (await db.selectFrom("tags").select("slug").execute()).map((t) => t.slug);
  return { questionId: question.thread.id, questionPostId: question.post.id, answerPostId: answer.post.id, ideaId: idea.thread.id, tags };
}

export async function pseudoReader(server: TestServer, as?: string): Promise<ApiClient> {
  const client = new ApiClient(server.baseUrl, { headers: { "Accept-Language": "en-XA" } });
  return as ? client.login(as) : client;
}

/** Fetches a page in the pseudo-locale and lists what on it skipped the catalogs. */
export async function untranslatedOn(client: ApiClient, path: string, allow: readonly string[] = []): Promise<{ status: number; untranslated: string[] }> {
  const res = await client.get(path);
  if (res.status !== 200) return { status: res.status, untranslated: [`${path} answered ${res.status}`] };
  return { status: res.status, untranslated: untranslatedStrings(res.text, allow) };
}
