/**
 * The moderation pages in the pseudo-locale: every word a moderator reads comes from the
 * catalogs (the queue with held, flagged and sign-up items, its empty state and a decision's
 * message, the audit log with entries, canned replies, community health), and a Swedish
 * moderator gets the queue in Swedish.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedOn, untranslatedStrings, USER_MARK, type PseudoLocaleServer } from "../helpers/untranslated";

let t: PseudoLocaleServer;
let mia: ApiClient;
/** The header names the signed-in account by its handle, without an @. */
const ALLOW = ["mia"];

beforeAll(async () => {
  t = await startPseudoLocaleServer();
  mia = await pseudoReader(t, "mia");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const expectOk = (res: { status: number; text: string }) => expect(res.status, res.text).toBeLessThan(300);

describe("moderation pages in the pseudo-locale", () => {
  it("the review queue with nothing in it", async () => {
    const res = await mia.get("/mod?kind=flagged");
    expect(res.status).toBe(200);
    expect(res.text).toContain('class="empty card"');
    expect(untranslatedStrings(res.text, ALLOW)).toEqual([]);
  });

  it("the review queue with a held post, flags and a sign-up, and a decision's message", async () => {
    const bob = await new ApiClient(t.baseUrl).login("bob");
    expectOk(await bob.post(`/api/v1/posts/${t.content.questionPostId}/flags`, { reason: "spam", note: `${USER_MARK} looks like an ad` }));
    // A brand-new member: a sign-up to review, a held first post, and an untrusted flag.
    const newbie = new ApiClient(t.baseUrl);
    expectOk(await newbie.post("/api/v1/users", { handle: "newbie1", email: "newbie1@example.com", password: "a-long-password" }));
    expectOk(await newbie.post(`/api/v1/posts/${t.content.questionPostId}/flags`, { reason: "off_topic" }));
    const categories = (await newbie.get("/api/v1/categories")).body.categories as { id: number; slug: string }[];
    const held = await newbie.post("/api/v1/threads", { categoryId: categories.find((c) => c.slug === "how-do-i")!.id, kind: "question", title: `${USER_MARK} Where are the invoices?`, body: `${USER_MARK} I cannot find them.` });
    expectOk(held);
    expect(held.body.post.status).toBe("pending");

    const page = await mia.get("/mod");
    expect(page.status).toBe(200);
    for (const kind of ["pending", "flagged", "signup"]) expect(page.text).toContain(`data-kind="${kind}"`);
    expect(untranslatedStrings(page.text, ALLOW)).toEqual([]);

    // Without JavaScript: the form posts, the page comes back with the decision's message.
    const decided = await mia.request("POST", "/mod?index", `decision=approve&item=pending:${held.body.post.id}`, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain("notice-success");
    expect(untranslatedStrings(decided.text, ALLOW)).toEqual([]);
  });

  it("the audit log with entries", async () => {
    expectOk(await mia.post(`/api/v1/mod/threads/${t.content.questionId}/lock`, { reason: `${USER_MARK} Answered` }));
    expectOk(await mia.post(`/api/v1/mod/threads/${t.content.questionId}/pin`));
    const res = await mia.get("/mod/audit");
    expect(res.status).toBe(200);
    expect(res.text).toContain("<code");
    expect(untranslatedStrings(res.text, ALLOW)).toEqual([]);
  });

  it("canned replies", async () => {
    expectOk(await mia.post("/api/v1/mod/canned-replies", { title: `${USER_MARK} Search first`, body: `${USER_MARK} Please search before asking.` }));
    expect(await untranslatedOn(mia, "/mod/canned", ALLOW)).toEqual({ status: 200, untranslated: [] });
  });

  it("community health", async () => {
    expect(await untranslatedOn(mia, "/mod/health", ALLOW)).toEqual({ status: 200, untranslated: [] });
  });
});

describe("moderation pages in Swedish", () => {
  it("shows the review queue in Swedish", async () => {
    const sv = await new ApiClient(t.baseUrl, { headers: { "Accept-Language": "sv" } }).login("mia");
    const res = await sv.get("/mod");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<html[^>]* lang="sv"/);
    expect(res.text).toContain("<h1>Granskningskö</h1>");
    expect(res.text).toContain(">Standardsvar</a>");
  });
});
