import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../app/lib/tokens.server";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let ada: ApiClient;

beforeAll(async () => {
  t = await startTestServer();
  ada = await new ApiClient(t.baseUrl).login("ada");
});
afterAll(async () => {
  await t?.close();
});

const bearer = (token: string) => new ApiClient(t.baseUrl, { headers: { Authorization: `Bearer ${token}` } });

describe("API tokens", () => {
  it("lets an admin mint a token that acts as its user, stored only as a hash", async () => {
    const created = await ada.post("/api/v1/admin/tokens", { handle: "sam", name: "CRM sync" });
    expect(created.status).toBe(201);
    const secret: string = created.body.token.secret;
    expect(secret).toMatch(/^glt_/);

    const me = await bearer(secret).get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ handle: "sam", role: "sales" });

    const row = await t.app.db.selectFrom("api_tokens").selectAll().where("id", "=", created.body.token.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.last_used_at).not.toBeNull();

    const list = await ada.get("/api/v1/admin/tokens");
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.tokens[0]).toMatchObject({ name: "CRM sync", user: { handle: "sam" } });
  });

  it("refuses unknown, malformed, revoked and expired tokens with 401", async () => {
    expect((await bearer("glt_nonsense").get("/api/v1/me")).status).toBe(401);
    const malformed = await new ApiClient(t.baseUrl).get("/api/v1/me", { Authorization: "Basic abc" });
    expect(malformed.status).toBe(401);

    const created = await ada.post("/api/v1/admin/tokens", { handle: "alice", name: "to revoke" });
    const token = created.body.token.secret;
    expect((await bearer(token).get("/api/v1/me")).status).toBe(200);
    expect((await ada.delete(`/api/v1/admin/tokens/${created.body.token.id}`)).status).toBe(204);
    const revoked = await bearer(token).get("/api/v1/me");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);

    const expiring = await ada.post("/api/v1/admin/tokens", { handle: "alice", name: "short", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await t.app.db.updateTable("api_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", expiring.body.token.id).execute();
    expect((await bearer(expiring.body.token.secret).get("/api/v1/me")).status).toBe(401);
  });

  it("keeps token management to admins", async () => {
    const created = await ada.post("/api/v1/admin/tokens", { handle: "mia", name: "mod bot" });
    const asModerator = bearer(created.body.token.secret);
    expect((await asModerator.get("/api/v1/admin/tokens")).status).toBe(403);
    expect((await asModerator.post("/api/v1/admin/tokens", { handle: "mia", name: "escalate" })).status).toBe(403);
    const anonymous = new ApiClient(t.baseUrl);
    expect((await anonymous.get("/api/v1/admin/tokens")).status).toBe(401);
    expect((await ada.post("/api/v1/admin/tokens", { handle: "ghost", name: "x" })).status).toBe(404);
  });

  it("cannot change a password with a token", async () => {
    const created = await ada.post("/api/v1/admin/tokens", { handle: "bob", name: "bob bot" });
    const res = await bearer(created.body.token.secret).put("/api/v1/me/password", { currentPassword: "demo-password", newPassword: "hijacked-password" });
    expect(res.status).toBe(403);
  });
});
