/**
 * An open socket keeps no access its owner has lost: logout, a password change, a demotion,
 * a suspension or a revoked token disconnects exactly the sockets that access opened, on every
 * node (the database announces the change; each node ends its own sockets).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { closeAllSockets, eventually, openSocket, type TestSocket } from "../helpers/sockets";
import { openThread } from "../helpers/writers";

let nodeA: TestServer;
let nodeB: TestServer;

beforeAll(async () => {
  nodeA = await startTestServer({ realtime: "postgres" });
  nodeB = await startTestServer({ realtime: "postgres", sharedDatabase: nodeA.database });
}, 60_000);
afterAll(async () => {
  closeAllSockets();
  await nodeB?.close();
  await nodeA?.close();
});

async function connected(socket: TestSocket): Promise<TestSocket> {
  await eventually(() => socket.socket.connected, 5_000, "socket connects");
  return socket;
}

const disconnectedByServer = (socket: TestSocket) =>
  new Promise<string>((resolve) => {
    if (!socket.socket.connected) return resolve("already");
    socket.socket.once("disconnect", (reason) => resolve(reason));
  });

describe("sockets follow the access they were opened with", () => {
  it("logout ends that session's sockets, on both nodes, and nobody else's", async () => {
    const alice = await new ApiClient(nodeA.baseUrl).login("alice");
    const aliceElsewhere = await new ApiClient(nodeA.baseUrl).login("alice");
    const bob = await new ApiClient(nodeA.baseUrl).login("bob");
    const onA = await connected(openSocket(nodeA.baseUrl, { as: alice }));
    const onB = await connected(openSocket(nodeB.baseUrl, { as: alice }));
    const otherSession = await connected(openSocket(nodeB.baseUrl, { as: aliceElsewhere }));
    const bobs = await connected(openSocket(nodeB.baseUrl, { as: bob }));
    const endedA = disconnectedByServer(onA);
    const endedB = disconnectedByServer(onB);
    expect((await alice.delete("/api/v1/session")).status).toBe(204);
    expect(await endedA).toBe("io server disconnect");
    expect(await endedB).toBe("io server disconnect");
    await otherSession.flush();
    await bobs.flush();
    expect(otherSession.socket.connected).toBe(true);
    expect(bobs.socket.connected).toBe(true);
  });

  it("a demoted moderator's socket is ended, and the new one no longer opens hidden threads", async () => {
    const ada = await new ApiClient(nodeA.baseUrl).login("ada");
    const mia = await new ApiClient(nodeA.baseUrl).login("mia");
    const threadId = await openThread(nodeA.database.db, await new ApiClient(nodeA.baseUrl).login("bob"), "Soon hidden");
    expect((await mia.post(`/api/v1/mod/threads/${threadId}/hide`, { reason: "spam" })).status).toBe(200);
    const socket = await connected(openSocket(nodeB.baseUrl, { as: mia }));
    expect(await socket.join(threadId)).toEqual({ ok: true });
    const ended = disconnectedByServer(socket);
    expect((await ada.patch("/api/v1/admin/users/mia", { role: "member" })).status).toBe(200);
    expect(await ended).toBe("io server disconnect");
    const again = await connected(openSocket(nodeB.baseUrl, { as: mia }));
    expect(await again.join(threadId)).toMatchObject({ error: { code: "not_found" } });
    expect((await ada.patch("/api/v1/admin/users/mia", { role: "moderator" })).status).toBe(200);
  });

  it("a suspension ends every socket of the user, and they come back anonymous", async () => {
    const mia = await new ApiClient(nodeA.baseUrl).login("mia");
    const carol = await new ApiClient(nodeA.baseUrl).login("carol");
    const socket = await connected(openSocket(nodeA.baseUrl, { as: carol }));
    const ended = disconnectedByServer(socket);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await mia.post("/api/v1/mod/users/carol/suspend", { until, reason: "spam" })).status).toBe(200);
    expect(await ended).toBe("io server disconnect");
    const again = await connected(openSocket(nodeA.baseUrl, { as: carol }));
    const health = await again.socket.timeout(3_000).emitWithAck("health");
    expect(health).toEqual({ ok: true, user: null });
    expect((await mia.post("/api/v1/mod/users/carol/reinstate")).status).toBe(200);
  });

  it("a password change ends the user's sockets; a revoked API token ends those it opened", async () => {
    const bob = await new ApiClient(nodeA.baseUrl).login("bob");
    const socket = await connected(openSocket(nodeA.baseUrl, { as: bob }));
    const ended = disconnectedByServer(socket);
    expect((await bob.put("/api/v1/me/password", { currentPassword: "demo-password", newPassword: "another-password-1" })).status).toBe(204);
    expect(await ended).toBe("io server disconnect");
    await bob.put("/api/v1/me/password", { currentPassword: "another-password-1", newPassword: "demo-password" });

    const ada = await new ApiClient(nodeA.baseUrl).login("ada");
    const created = await ada.post("/api/v1/admin/tokens", { handle: "alice", name: "bot" });
    const viaToken = await connected(openSocket(nodeB.baseUrl, { auth: { token: created.body.token.secret } }));
    const tokenEnded = disconnectedByServer(viaToken);
    expect((await ada.delete(`/api/v1/admin/tokens/${created.body.token.id}`)).status).toBe(204);
    expect(await tokenEnded).toBe("io server disconnect");
    // And it cannot come back with the revoked token.
    const refused = openSocket(nodeB.baseUrl, { auth: { token: created.body.token.secret } });
    const error = await new Promise<Error>((resolve) => refused.socket.once("connect_error", resolve));
    expect(error.message).toMatch(/invalid, expired or revoked/);
  });
});
