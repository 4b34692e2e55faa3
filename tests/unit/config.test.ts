import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopbackHost, loadConfig, persistedSessionSecret } from "../../app/lib/config.server";
import { productionEnvironment } from "../../scripts/start-env";

const dir = mkdtempSync(path.join(tmpdir(), "gleaner-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("config", () => {
  it("keeps cookies off Secure on a loopback http host in production unless SECURE_COOKIES says so", () => {
    const base = { NODE_ENV: "production", SESSION_SECRET: "s", DATA_DIR: dir } as const;
    expect(loadConfig({ ...base }).secureCookies).toBe(false);
    expect(loadConfig({ ...base, HOST: "localhost" }).secureCookies).toBe(false);
    expect(loadConfig({ ...base, SECURE_COOKIES: "true" }).secureCookies).toBe(true);
    expect(loadConfig({ ...base, HOST: "0.0.0.0" }).secureCookies).toBe(true);
    expect(loadConfig({ ...base, HOST: "10.0.0.5", SECURE_COOKIES: "false" }).secureCookies).toBe(false);
    expect(loadConfig({ NODE_ENV: "test", SESSION_SECRET: "s", DATA_DIR: dir, HOST: "0.0.0.0" }).secureCookies).toBe(false);
  });

  it("knows loopback hosts", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.1", "example.com", "::"]) expect(isLoopbackHost(h)).toBe(false);
  });

  it("persists one generated session secret in DATA_DIR, readable by its owner only", () => {
    const own = path.join(dir, "secret");
    const first = persistedSessionSecret(own);
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(persistedSessionSecret(own)).toBe(first);
    expect(statSync(path.join(own, "session-secret")).mode & 0o777).toBe(0o600);
  });

  it("npm start: production mode, and the persisted secret when SESSION_SECRET is unset", () => {
    const own = path.join(dir, "start");
    const env = { DATA_DIR: own } as unknown as NodeJS.ProcessEnv;
    productionEnvironment(env);
    expect(env.NODE_ENV).toBe("production");
    expect(env.SESSION_SECRET).toBe(persistedSessionSecret(own));
    expect(loadConfig(env).isProduction).toBe(true);
    const chosen: NodeJS.ProcessEnv = { DATA_DIR: own, NODE_ENV: "test", SESSION_SECRET: "mine" };
    productionEnvironment(chosen);
    expect(chosen).toMatchObject({ NODE_ENV: "test", SESSION_SECRET: "mine" });
  });
});
