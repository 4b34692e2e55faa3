import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { staticAssets } from "../../app/server/static-assets";

const root = mkdtempSync(path.join(tmpdir(), "gleaner-static-"));
let base = "";
let close: () => void = () => undefined;

beforeAll(async () => {
  mkdirSync(path.join(root, "build", "_assets"), { recursive: true });
  writeFileSync(path.join(root, "build", "_assets", "app-ABC.css"), "body{}");
  writeFileSync(path.join(root, "robots.txt"), "User-agent: *\n");
  const web = express();
  web.use(staticAssets(root));
  web.use((_req, res) => void res.status(200).send("remix"));
  const server = web.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => {
  close();
  rmSync(root, { recursive: true, force: true });
});

describe("static assets", () => {
  it("serves /build for a year (immutable) and public's top-level files for an hour", async () => {
    const asset = await fetch(`${base}/build/_assets/app-ABC.css`);
    expect(await asset.text()).toBe("body{}");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const robots = await fetch(`${base}/robots.txt`);
    expect(await robots.text()).toContain("User-agent");
    expect(robots.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await (await fetch(`${base}/build/missing.js`)).text()).toBe("remix");
  });

  it("never looks at the disk for pages and API requests", async () => {
    const stat = vi.spyOn(fs, "stat");
    try {
      for (const url of ["/", "/t/1", "/api/v1/threads", "/robots.txt.bak", "/%E0"]) {
        expect(await (await fetch(`${base}${url}`)).text()).toBe("remix");
      }
      expect(stat).not.toHaveBeenCalled();
      await fetch(`${base}/robots.txt`);
      expect(stat).toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
  });
});
