/**
 * ETag and 304 for anonymous readers: an unchanged page costs no bytes the second time, a
 * changed one (a new reply, another language) is sent whole, and nothing personal is ever
 * validated or shared.
 */
import { gunzipSync } from "node:zlib";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityTag, matchesTag } from "../../app/server/conditional-get";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let anon: ApiClient, alice: ApiClient, bob: ApiClient;
let threadId: number;

beforeAll(async () => {
  t = await startTestServer();
  anon = new ApiClient(t.baseUrl);
  [alice, bob] = await Promise.all([new ApiClient(t.baseUrl).login("alice"), new ApiClient(t.baseUrl).login("bob")]);
  const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
  const res = await alice.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: "How do I export invoices?", body: "I need them as CSV." });
  threadId = res.body.thread.id;
});
afterAll(async () => {
  await t?.close();
});

/** A raw request, so the test sees exactly what went over the wire (fetch would decompress). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${t.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
  });
}

describe("validators", () => {
  it("ignore the CSP nonce and compare weakly", () => {
    const page = (nonce: string) => Buffer.from(`<script nonce="${nonce}">1</script><p>same</p><script nonce="${nonce}">2</script>`);
    expect(entityTag(page("aaaa"), "aaaa")).toBe(entityTag(page("bbbb"), "bbbb"));
    expect(entityTag(page("aaaa"), "aaaa")).not.toBe(entityTag(Buffer.from("<p>other</p>"), "aaaa"));
    const tag = entityTag(page("aaaa"), "aaaa");
    expect(tag).toMatch(/^W\/"[\w-]+"$/);
    expect(matchesTag(tag, tag)).toBe(true);
    expect(matchesTag(tag.slice(2), tag)).toBe(true);
    expect(matchesTag(`W/"x", ${tag}`, tag)).toBe(true);
    expect(matchesTag("*", tag)).toBe(true);
    expect(matchesTag('W/"x"', tag)).toBe(false);
    expect(matchesTag(undefined, tag)).toBe(false);
  });
});

describe("anonymous pages", () => {
  it("give the same tag for the same page and a bodiless 304 for it, without a CSP of a new nonce", async () => {
    const first = await raw(`/t/${threadId}`);
    const second = await raw(`/t/${threadId}`);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^W\//);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(first.headers["content-security-policy"]).not.toBe(second.headers["content-security-policy"]);
    expect(first.headers["cache-control"]).toBe("no-cache");
    expect(first.headers.vary).toMatch(/Cookie/);
    expect(first.headers.vary).toMatch(/Accept-Language/);

    const again = await raw(`/t/${threadId}`, { "If-None-Match": first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers["content-security-policy"]).toBeUndefined();
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it("send the page whole again once it changed, or in another language", async () => {
    const before = await raw(`/t/${threadId}`);
    expect((await bob.post(`/api/v1/threads/${threadId}/posts`, { body: "Settings, then Export." })).status).toBe(201);
    const after = await raw(`/t/${threadId}`, { "If-None-Match": before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain("Settings, then Export.");
    expect(after.headers.etag).not.toBe(before.headers.etag);

    const swedish = await raw(`/t/${threadId}`, { "Accept-Language": "sv", "If-None-Match": after.headers.etag! });
    expect(swedish.status).toBe(200);
    expect(swedish.body.toString()).toContain('lang="sv"');
  });

  it("validate compressed answers by the same tag and compress them whole", async () => {
    const plain = await raw("/");
    const gzipped = await raw("/", { "Accept-Encoding": "gzip" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.etag).toBe(plain.headers.etag);
    expect(gunzipSync(gzipped.body).length).toBe(plain.body.length);
    expect((await raw("/", { "Accept-Encoding": "gzip", "If-None-Match": plain.headers.etag! })).status).toBe(304);
  });
});

describe("what is not validated", () => {
  it("leaves signed-in answers private and untagged", async () => {
    const res = await alice.get(`/t/${threadId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("leaves API answers alone: they say no-store", async () => {
    const res = await raw(`/api/v1/threads/${threadId}`);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers.etag).toBeUndefined();
  });

  it("leaves errors and redirects alone", async () => {
    const missing = await raw("/t/999999");
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    const redirect = await raw("/profile");
    expect([302, 303]).toContain(redirect.status);
    expect(redirect.headers.etag).toBeUndefined();
  });

  it("answers a login form post as before", async () => {
    const res = await anon.post("/api/v1/session", { handle: "alice", password: "demo-password" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeNull();
  });
});
