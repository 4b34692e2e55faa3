/**
 * Pages in Chinese, Swedish and Norwegian come out as clean UTF-8: React 18's streaming renderer
 * can leave NUL bytes at the end of a 2 KB chunk when a multi-byte character does not fit
 * (react#24985, fixed only in React 19), which browsers show as garbage and crawlers stop at.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let threadId: number;
const BODY = Array.from({ length: 120 }, (_, i) => `第${i}段：导出发票需要在设置里选择导出，然后下载 CSV 文件。Fakturaadressen ändras här; på norsk: fakturaene`).join("\n\n");

beforeAll(async () => {
  t = await startTestServer();
  const alice = await new ApiClient(t.baseUrl).login("alice");
  const category = await t.app.db.selectFrom("categories").select("id").where("slug", "=", "how-do-i").executeTakeFirstOrThrow();
  const res = await alice.post("/api/v1/threads", { categoryId: category.id, kind: "question", title: "如何导出发票？", body: BODY });
  expect(res.status).toBe(201);
  threadId = res.body.thread.id;
});
afterAll(async () => {
  await t?.close();
});

function rawBytes(path: string, headers: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${t.baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      })
      .on("error", reject);
  });
}

describe("page bytes", () => {
  it.each([
    ["a visitor", {}],
    ["a Chinese reader", { "Accept-Language": "zh-CN" }],
    ["a Norwegian reader", { "Accept-Language": "nb" }],
  ])("hold no NUL byte and every character whole for %s", async (_who, headers) => {
    const bytes = await rawBytes(`/t/${threadId}`, headers);
    expect(bytes.indexOf(0)).toBe(-1);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    expect(text).toContain("第119段：导出发票需要在设置里选择导出");
  });

  it("hold no NUL byte for a signed-in reader either (streamed, not buffered)", async () => {
    const alice = await new ApiClient(t.baseUrl).login("alice");
    const res = await alice.get(`/t/${threadId}`, { "Accept-Language": "zh-CN" });
    expect(res.status).toBe(200);
    expect(res.text.includes("\u0000")).toBe(false);
    expect(res.text).toContain("第119段");
  });
});
