import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const client = () => new ApiClient(t.baseUrl);

describe("the API's error format", () => {
  it("answers malformed JSON with 400", async () => {
    for (const body of ["{bad", "[1,", "'single'", "{\"handle\": }"]) {
      const res = await client().post("/api/v1/session", body, { "Content-Type": "application/json" });
      expect(res.status, body).toBe(400);
      expect(res.body).toEqual({ error: { code: "bad_request", message: "The request body is not valid JSON." } });
    }
  });

  it("answers wrong field types with 422 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ handle: 42, password: "x" }, "handle"],
      [{ handle: "alice", password: ["a"] }, "password"],
      [{ handle: null, password: "x" }, "handle"],
      [{ handle: "x", email: { $ne: 1 }, password: "password123" }, "email"],
    ];
    for (const [body, field] of cases) {
      const path = "email" in (body as object) ? "/api/v1/users" : "/api/v1/session";
      const res = await client().post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.body.error.message).toContain(field);
    }
  });

  it("answers a JSON body that is not an object with 422", async () => {
    for (const body of ["[]", "42", "\"text\"", "null"]) {
      const res = await client().post("/api/v1/session", body, { "Content-Type": "application/json" });
      expect(res.status, body).toBe(422);
    }
  });

  it("answers oversized bodies with 413", async () => {
    const res = await client().post("/api/v1/session", { handle: "a", password: "x".repeat(100_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("answers unknown endpoints with a JSON 404 and wrong methods with 405", async () => {
    const missing = await client().get("/api/v1/does-not-exist");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const wrongMethod = await client().put("/api/v1/session", {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST, DELETE");
    const readWriteOnly = await client().get("/api/v1/session");
    expect(readWriteOnly.status).toBe(405);
    expect(readWriteOnly.body.error.code).toBe("method_not_allowed");
    const writeReadOnly = await client().post("/api/v1/me", {});
    expect(writeReadOnly.status).toBe(405);
    expect(writeReadOnly.headers.get("allow")).toBe("GET");
  });

  it("never lets a path segment reach Object.prototype", async () => {
    const mia = await client().login("mia");
    for (const op of ["constructor", "toString", "valueOf", "__proto__", "hasOwnProperty"]) {
      const res = await mia.post(`/api/v1/mod/users/bob/${op}`, {});
      expect(res.status, op).toBe(404);
    }
  });

  it("answers 401 for endpoints that need a user", async () => {
    const res = await client().get("/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("answers bad ids in paths with 422, not 500", async () => {
    const ada = await client().login("ada");
    for (const id of ["abc", "-1", "99999999999", "1.5"]) {
      const res = await ada.delete(`/api/v1/admin/tokens/${id}`);
      expect(res.status, id).toBe(422);
    }
    expect((await ada.delete("/api/v1/admin/tokens/424242")).status).toBe(404);
  });
});

describe("cross-site requests", () => {
  it("refuses writes from another origin, to the API and to pages", async () => {
    const api = await client().post("/api/v1/session", { handle: "alice", password: "demo-password" }, { Origin: "https://evil.example" });
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe("forbidden");

    const form = await fetch(`${t.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
      body: "handle=alice&password=demo-password",
    });
    expect(form.status).toBe(403);
    expect(form.headers.get("set-cookie")).toBeNull();
  });

  it("accepts writes from the site's own origin", async () => {
    const res = await client().post("/api/v1/session", { handle: "alice", password: "demo-password" }, { Origin: t.baseUrl });
    expect(res.status).toBe(200);
  });
});

describe("health", () => {
  it("reports the database and the realtime layer", async () => {
    const res = await client().get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: "up", realtime: "up" });
  });
});
