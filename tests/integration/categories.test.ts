import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let ada: ApiClient, alice: ApiClient, anon: ApiClient;

beforeAll(async () => {
  t = await startTestServer();
  [ada, alice] = await Promise.all(["ada", "alice"].map((h) => new ApiClient(t.baseUrl).login(h)));
  anon = new ApiClient(t.baseUrl);
});
afterAll(async () => {
  await t?.close();
});

interface AdminCategory {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
  kinds: string[];
  tagMode: "free" | "restricted";
  curatedTags: string[];
  threadCount: number;
}

async function create(input: Record<string, unknown>): Promise<AdminCategory> {
  const res = await ada.post("/api/v1/admin/categories", input);
  expect(res.status, res.text).toBe(201);
  return res.body.category;
}

async function publicCategories(): Promise<{ id: number; slug: string; name: string; kinds: string[] }[]> {
  const res = await anon.get("/api/v1/categories");
  expect(res.status).toBe(200);
  return res.body.categories;
}

const thread = (categoryId: number, extra: Record<string, unknown> = {}) =>
  alice.post("/api/v1/threads", { categoryId, kind: "question", title: "How do I sign in with SSO?", body: "Our IdP is Okta.", ...extra });

/** A form post the way a browser without JS sends it. */
const formPost = (client: ApiClient, path: string, fields: [string, string][]) =>
  client.request("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });

describe("category administration API", () => {
  it("lists categories in order with tag mode, curated tags and thread counts", async () => {
    const res = await ada.get("/api/v1/admin/categories");
    expect(res.status).toBe(200);
    expect(res.body.categories.map((c: AdminCategory) => c.slug)).toEqual(["getting-started", "how-do-i", "ideas", "announcements"]);
    expect(res.body.categories[0]).toMatchObject({ name: "Getting started", kinds: ["question", "discussion"], tagMode: "free", curatedTags: [], threadCount: 0 });
  });

  it("creates a category at the end, deriving the slug from the name, and the public list shows it", async () => {
    const created = await create({ name: "Frågor & svar på Ærø", description: "Nordic questions.", kinds: ["question", "idea"] });
    expect(created).toMatchObject({ slug: "fragor-svar-pa-aero", tagMode: "free", curatedTags: [], threadCount: 0 });
    const list = await publicCategories();
    expect(list[list.length - 1]).toMatchObject({ id: created.id, slug: "fragor-svar-pa-aero", name: "Frågor & svar på Ærø", kinds: ["question", "idea"] });
  });

  it("requires an explicit slug when the name has nothing to derive one from", async () => {
    const res = await ada.post("/api/v1/admin/categories", { name: "产品公告", kinds: ["discussion"] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ field: "slug", message: expect.stringMatching(/write a slug/) }]);
    const created = await create({ name: "产品公告", slug: "Product-News", kinds: ["discussion"] });
    expect(created.slug).toBe("product-news");
  });

  it("answers 409 with a field error for a taken slug, on create and on update", async () => {
    const dup = await ada.post("/api/v1/admin/categories", { name: "Ideas again", slug: "ideas", kinds: ["idea"] });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "conflict", fields: [{ field: "slug" }] });
    const other = await create({ name: "Integrations", kinds: ["question"] });
    const clash = await ada.patch(`/api/v1/admin/categories/${other.id}`, { slug: "how-do-i" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.fields[0].field).toBe("slug");
  });

  it("names every bad field with 422", async () => {
    const res = await ada.post("/api/v1/admin/categories", {
      name: "   ",
      slug: "Not a slug!",
      description: "x".repeat(501),
      kinds: ["question", "poll"],
      tagMode: "anything",
      tags: Array.from({ length: 101 }, (_, i) => `t${i}`).join(","),
    });
    expect(res.status).toBe(422);
    const fields = res.body.error.fields.map((f: { field: string }) => f.field.split(".")[0]).sort();
    expect(fields).toEqual(["description", "kinds", "name", "slug", "tagMode", "tags"]);
    const noKinds = await ada.post("/api/v1/admin/categories", { name: "Empty kinds", kinds: [] });
    expect(noKinds.status).toBe(422);
    expect(noKinds.body.error.fields[0]).toMatchObject({ field: "kinds", message: "choose at least one kind of thread" });
    const long = await ada.post("/api/v1/admin/categories", { name: "n".repeat(81), slug: "a".repeat(61), kinds: ["idea"] });
    expect(long.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["name", "slug"]);
    expect((await ada.patch("/api/v1/admin/categories/abc", { name: "x" })).status).toBe(422);
    expect((await ada.patch("/api/v1/admin/categories/999999", { name: "Ghost" })).status).toBe(404);
  });

  it("edits only what is sent; dropping a kind keeps old threads but refuses new ones", async () => {
    const cat = await create({ name: "Security", kinds: ["question", "discussion"] });
    const asked = await thread(cat.id);
    expect(asked.status, asked.text).toBe(201);

    const edited = await ada.patch(`/api/v1/admin/categories/${cat.id}`, { name: "Security & compliance", description: "Audits, SSO, keys.", kinds: ["discussion"] });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.category).toMatchObject({ slug: "security", name: "Security & compliance", description: "Audits, SSO, keys.", kinds: ["discussion"], threadCount: 1 });

    expect((await anon.get(`/api/v1/threads/${asked.body.thread.id}`)).status).toBe(200);
    const refused = await thread(cat.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe("kind");
    expect((await publicCategories()).find((c) => c.id === cat.id)?.kinds).toEqual(["discussion"]);

    const reslugged = await ada.patch(`/api/v1/admin/categories/${cat.id}`, { slug: "" });
    expect(reslugged.body.category.slug).toBe("security-compliance");
  });

  it("reorders all categories and the public endpoint follows", async () => {
    const before = await publicCategories();
    const reversed = before.map((c) => c.id).reverse();
    const res = await ada.put("/api/v1/admin/categories/order", { ids: reversed });
    expect(res.status, res.text).toBe(200);
    expect(res.body.categories.map((c: AdminCategory) => c.id)).toEqual(reversed);
    expect((await publicCategories()).map((c) => c.id)).toEqual(reversed);

    for (const ids of [reversed.slice(1), [...reversed, reversed[0]], [...reversed.slice(1), 999999], "1,2"]) {
      const bad = await ada.put("/api/v1/admin/categories/order", { ids });
      expect(bad.status, JSON.stringify(ids)).toBe(422);
      expect(bad.body.error.fields[0].field).toMatch(/^ids/);
    }
    await ada.put("/api/v1/admin/categories/order", { ids: before.map((c) => c.id) });
  });

  it("deletes an empty category, and refuses one with threads with 409", async () => {
    const empty = await create({ name: "Temporary", kinds: ["discussion"] });
    expect((await ada.delete(`/api/v1/admin/categories/${empty.id}`)).status).toBe(204);
    expect((await publicCategories()).some((c) => c.id === empty.id)).toBe(false);
    expect((await ada.delete(`/api/v1/admin/categories/${empty.id}`)).status).toBe(404);

    const busy = await create({ name: "Busy", kinds: ["question"] });
    expect((await thread(busy.id)).status).toBe(201);
    const refused = await ada.delete(`/api/v1/admin/categories/${busy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Busy still has 1 thread.*move or delete them/);
    expect((await publicCategories()).some((c) => c.id === busy.id)).toBe(true);
  });
});

describe("restricted tags", () => {
  it("curates a normalized list and refuses threads with other tags, naming them", async () => {
    const cat = await create({ name: "Identity", kinds: ["question"], tagMode: "restricted" });
    const put = await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, { tags: ["SSO", " Single Sign On ", "sso", "billing", "!!!"] });
    expect(put.status, put.text).toBe(200);
    expect(put.body.tags).toEqual(["billing", "single-sign-on", "sso"]);

    const refused = await thread(cat.id, { tags: ["sso", "random-stuff"] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0]).toMatchObject({ field: "tags", message: expect.stringContaining("random-stuff") });
    expect(refused.body.error.message).not.toContain("sso,");
    const accepted = await thread(cat.id, { tags: ["SSO"] });
    expect(accepted.status, accepted.text).toBe(201);

    const tags = await anon.get(`/api/v1/tags?category=${cat.slug}`);
    expect(tags.status).toBe(200);
    expect(tags.body).toEqual({ restricted: true, tags: [{ slug: "sso", count: 1 }, { slug: "billing", count: 0 }, { slug: "single-sign-on", count: 0 }] });

    const replaced = await ada.patch(`/api/v1/admin/categories/${cat.id}`, { tags: "billing" });
    expect(replaced.body.category.curatedTags).toEqual(["billing"]);
    expect((await thread(cat.id, { tags: ["sso"] })).status).toBe(422);
  });

  it("validates the curated list", async () => {
    const cat = await create({ name: "Curated limits", kinds: ["question"], tagMode: "restricted" });
    const tooMany = await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, { tags: Array.from({ length: 101 }, (_, i) => `tag-${i}`) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.fields[0].field).toBe("tags");
    expect((await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, { tags: 42 })).status).toBe(422);
    const missing = await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields).toEqual([{ field: "tags", message: "tags is required" }]);
    expect((await ada.put(`/api/v1/admin/categories/999999/tags`, { tags: ["a"] })).status).toBe(404);
    // Cut at 40 characters, a tag must not end in a hyphen (the tags table refuses that).
    const cut = await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, { tags: [`${"a".repeat(39)} b`] });
    expect(cut.status, cut.text).toBe(200);
    expect(cut.body.tags).toEqual(["a".repeat(39)]);
    expect((await ada.put(`/api/v1/admin/categories/${cat.id}/tags`, { tags: [] })).body.tags).toEqual([]);
  });

  it("serves popular tags for free categories, by id or slug, and 404 for unknown ones", async () => {
    const cat = await create({ name: "Free tags", kinds: ["question"] });
    expect((await thread(cat.id, { tags: ["webhooks", "api"] })).status).toBe(201);
    expect((await thread(cat.id, { tags: ["webhooks"] })).status).toBe(201);
    const byId = await anon.get(`/api/v1/tags?category=${cat.id}`);
    expect(byId.body).toEqual({ restricted: false, tags: [{ slug: "webhooks", count: 2 }, { slug: "api", count: 1 }] });
    expect((await anon.get(`/api/v1/tags?category=${cat.slug}`)).body).toEqual(byId.body);
    const all = await anon.get("/api/v1/tags");
    expect(all.status).toBe(200);
    expect(all.body.tags).toContainEqual({ slug: "webhooks", count: 2 });
    for (const bad of ["999999", "no-such-category", "Bad%20Slug!", "9".repeat(30)]) {
      expect((await anon.get(`/api/v1/tags?category=${bad}`)).status, bad).toBe(404);
    }
  });
});

describe("who may manage categories", () => {
  it("refuses members, moderators, product managers and sales (403) and anonymous readers (401) everywhere", async () => {
    const target = await create({ name: "Guarded", kinds: ["question"] });
    const ids = (await publicCategories()).map((c) => c.id);
    // [what, call, what an anonymous reader gets]: the page sends browsers to the login form.
    const calls: [string, (c: ApiClient) => Promise<{ status: number }>, number][] = [
      ["GET list", (c) => c.get("/api/v1/admin/categories"), 401],
      ["POST create", (c) => c.post("/api/v1/admin/categories", { name: "Sneaky", kinds: ["question"] }), 401],
      ["PATCH", (c) => c.patch(`/api/v1/admin/categories/${target.id}`, { name: "Hijacked" }), 401],
      ["DELETE", (c) => c.delete(`/api/v1/admin/categories/${target.id}`), 401],
      ["PUT tags", (c) => c.put(`/api/v1/admin/categories/${target.id}/tags`, { tags: ["x"] }), 401],
      ["PUT order", (c) => c.put("/api/v1/admin/categories/order", { ids: [...ids].reverse() }), 401],
      ["GET page", (c) => c.get("/admin/categories"), 302],
      ["POST page", (c) => formPost(c, "/admin/categories?_data=routes%2Fadmin.categories", [["intent", "delete"], ["id", String(target.id)]]), 401],
    ];
    const staff = await Promise.all(["alice", "mia", "pete", "sam"].map(async (h) => [h, await new ApiClient(t.baseUrl).login(h)] as const));
    for (const [what, call, anonymous] of calls) {
      expect((await call(anon)).status, `${what} as anonymous`).toBe(anonymous);
      for (const [who, client] of staff) expect((await call(client)).status, `${what} as ${who}`).toBe(403);
    }
    const after = (await ada.get("/api/v1/admin/categories")).body.categories as AdminCategory[];
    expect(after.map((c) => c.id)).toEqual(ids);
    expect(after.find((c) => c.id === target.id)).toMatchObject({ name: "Guarded", curatedTags: [] });
    expect(after.some((c) => c.name === "Sneaky")).toBe(false);
  });
});

describe("the admin page without JavaScript", () => {
  it("renders the list and moves, creates and reports field errors through plain form posts", async () => {
    const page = await ada.get("/admin/categories");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Add a category");
    expect(page.text).toContain('href="/admin/categories"');
    // "Busy" got a thread above: its delete button is disabled and says why.
    expect(page.text).toMatch(/title="Busy has 1 thread: move or delete them first\."[^>]*><button[^>]*disabled/);

    const first = (await publicCategories())[0]!;
    const moved = await formPost(ada, "/admin/categories", [["intent", "down"], ["id", String(first.id)]]);
    expect(moved.status).toBe(200);
    expect(moved.text).toContain("Order saved.");
    expect((await publicCategories())[1]!.id).toBe(first.id);
    await formPost(ada, "/admin/categories", [["intent", "up"], ["id", String(first.id)]]);
    expect((await publicCategories())[0]!.id).toBe(first.id);

    const failed = await formPost(ada, "/admin/categories", [["intent", "create"], ["name", "客户故事"], ["slug", ""], ["kinds", "discussion"], ["tagMode", "free"], ["tags", ""]]);
    expect(failed.status).toBe(422);
    expect(failed.text).toContain("please write a slug");
    expect(failed.text).toContain('value="客户故事"'); // the form keeps what was typed

    const created = await formPost(ada, "/admin/categories", [
      ["intent", "create"], ["name", "Customer stories"], ["slug", ""], ["description", "Show and tell."],
      ["kinds", "discussion"], ["kinds", "idea"], ["tagMode", "restricted"], ["tags", "Case Study, launch"],
    ]);
    expect(created.status).toBe(200);
    expect(created.text).toContain("Created Customer stories");
    const stored = ((await ada.get("/api/v1/admin/categories")).body.categories as AdminCategory[]).find((c) => c.slug === "customer-stories");
    expect(stored).toMatchObject({ kinds: ["discussion", "idea"], tagMode: "restricted", curatedTags: ["case-study", "launch"] });

    const noKinds = await formPost(ada, "/admin/categories", [["intent", "update"], ["id", String(stored!.id)], ["name", "Customer stories"], ["slug", "customer-stories"], ["tagMode", "free"]]);
    expect(noKinds.status).toBe(422);
    expect(noKinds.text).toContain("choose at least one kind of thread");
  });
});
