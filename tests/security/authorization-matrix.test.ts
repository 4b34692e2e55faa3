/**
 * The authorization matrix: every route of the Remix manifest (pages through `?_data=`, resource
 * routes directly), read and written, by every persona, against one table of who may. The table
 * is checked against the manifest itself: a route added without a row here fails this test.
 *
 * A refusal is 401 or 403 (or, for a page, the redirect to the login page); for something the
 * persona may not even know exists, 404. A write is sent with an empty body on purpose: a
 * refused persona must be refused before its input is judged (never a 422 for a member on an
 * admin endpoint). Nothing, for anyone, is ever a 5xx.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type ApiResponse } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { castAndProps, PERSONA_HANDLES, PERSONAS, type Persona, type Props } from "./matrix-fixtures";

type Group = readonly Persona[];
const only = (...personas: Persona[]): Group => personas;
const minus = (group: Group, ...out: Persona[]): Group => group.filter((p) => !out.includes(p));

/** Everyone who presents valid credentials or none (a revoked token is refused wherever credentials are read). */
const EVERYONE = minus(PERSONAS, "revokedToken");
const SIGNED_IN = minus(EVERYONE, "anonymous");
/** Signed in and allowed to write: suspended accounts read only. */
const ACTIVE = minus(SIGNED_IN, "suspended");
const STAFF = only("moderator", "admin");
const ADMIN = only("admin");
const PRODUCT = only("productManager", "admin");
const SALES = only("sales", "admin");
const PRODUCT_AND_SALES = only("productManager", "sales", "admin");
const NOBODY: Group = [];

type Method = "POST" | "PUT" | "PATCH" | "DELETE";

interface Row {
  path: (p: Props) => string;
  /** Who may read it; "405" where reading is not served; "none" for a route with nothing to read. */
  read: Group | "405" | "none";
  /** Who may write it (checked for everyone else: refused before the input is read). */
  write?: { method: Method; group: Group; form?: Record<string, string>; path?: (p: Props) => string } | "405";
  /** A page route: its data is read as `?_data=<route id>`. */
  page?: boolean;
  /** Reads no credentials at all (health, a public list): a revoked token reads it too. */
  credentialsIgnored?: boolean;
  /** Refused readers get 404 (it must not be known to exist), not 401/403. */
  hidden?: boolean;
  /** Who reads other people's e-mail addresses here (everyone else sees at most their own). */
  emails?: Group;
}

const api = (p: string) => () => `/api/v1/${p}`;

const MATRIX: Record<string, Row> = {
  // The page shell renders anonymously for a broken token; the page's own loader refuses it.
  root: { path: () => "/", read: [...EVERYONE, "revokedToken"], page: true },
  "routes/_index": { path: () => "/", read: EVERYONE, page: true },
  "routes/healthz": { path: () => "/healthz", read: [...EVERYONE, "revokedToken"], credentialsIgnored: true },
  "routes/latest": { path: () => "/latest", read: EVERYONE, page: true },
  "routes/search": { path: () => "/search?q=export", read: EVERYONE, page: true },
  "routes/c.$slug": { path: (p) => `/c/${p.categorySlug}`, read: EVERYONE, page: true },
  "routes/t.$id": { path: (p) => `/t/${p.threadId}`, read: EVERYONE, page: true, write: { method: "POST", group: STAFF, form: { intent: "mod-thread", op: "pin" } } },
  "routes/u.$handle": { path: () => "/u/bob", read: EVERYONE, page: true, write: { method: "POST", group: STAFF, form: { intent: "warn", message: "matrix" } } },
  "routes/posts.$id.revisions": { path: (p) => `/posts/${p.postId}/revisions`, read: EVERYONE, page: true },
  "routes/posts.$id.edit": { path: (p) => `/posts/${p.postId}/edit`, read: STAFF, page: true, write: { method: "POST", group: STAFF, form: {} } },
  "routes/new": { path: () => "/new", read: ACTIVE, page: true, write: { method: "POST", group: ACTIVE, form: {} } },
  "routes/notifications": { path: () => "/notifications", read: SIGNED_IN, page: true, write: { method: "POST", group: SIGNED_IN, form: {} } },
  "routes/profile": { path: () => "/profile", read: SIGNED_IN, page: true, write: { method: "POST", group: SIGNED_IN, form: {} } },
  "routes/login": { path: () => "/login", read: EVERYONE, page: true },
  "routes/register": { path: () => "/register", read: EVERYONE, page: true },
  "routes/logout": { path: () => "/logout", read: [...EVERYONE, "revokedToken"], page: true, credentialsIgnored: true },
  // Choosing a language is open to everyone (a GET only goes home).
  "routes/locale": { path: () => "/locale", read: [...EVERYONE, "revokedToken"], page: true, credentialsIgnored: true, write: { method: "POST", group: EVERYONE, form: { locale: "sv" } } },
  "routes/kb._index": { path: () => "/kb", read: EVERYONE, page: true },
  "routes/kb.$slug": { path: (p) => `/kb/${p.articleSlug}`, read: EVERYONE, page: true },
  "routes/kb.curate._index": { path: () => "/kb/curate", read: STAFF, page: true },
  "routes/kb.curate.$id": { path: (p) => `/kb/curate/${p.draftArticleId}`, read: STAFF, page: true, write: { method: "POST", group: STAFF, form: { intent: "transition", op: "submit" } } },
  "routes/kb.insights": { path: () => "/kb/insights", read: STAFF, page: true },
  "routes/mod": { path: () => "/mod", read: STAFF, page: true },
  "routes/mod._index": { path: () => "/mod", read: STAFF, page: true, write: { method: "POST", group: STAFF, form: {} } },
  "routes/mod.audit": { path: () => "/mod/audit", read: STAFF, page: true },
  "routes/mod.canned": { path: () => "/mod/canned", read: STAFF, page: true, write: { method: "POST", group: STAFF, form: {} } },
  "routes/mod.health": { path: () => "/mod/health", read: STAFF, page: true },
  "routes/admin": { path: () => "/admin", read: ADMIN, page: true },
  "routes/admin._index": { path: () => "/admin", read: ADMIN, page: true },
  "routes/admin.categories": { path: () => "/admin/categories", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.companies": { path: () => "/admin/companies", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.harvest": { path: () => "/admin/harvest", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: { scope: "incremental" } } },
  "routes/admin.settings": { path: () => "/admin/settings", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.tokens": { path: () => "/admin/tokens", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.users": { path: () => "/admin/users", read: ADMIN, page: true, emails: ADMIN, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/ideas._index": { path: () => "/ideas", read: EVERYONE, page: true },
  "routes/ideas.$threadId": { path: (p) => `/ideas/${p.ideaId}`, read: EVERYONE, page: true, write: { method: "POST", group: PRODUCT, form: { intent: "status", status: "planned" } } },
  "routes/ideas.candidates": { path: () => "/ideas/candidates", read: PRODUCT, page: true, write: { method: "POST", group: PRODUCT, form: { intent: "dismiss" } } },
  "routes/roadmap": { path: () => "/roadmap", read: [...EVERYONE, "revokedToken"], page: true, credentialsIgnored: true },
  "routes/insights": { path: () => "/insights", read: PRODUCT_AND_SALES, page: true },
  // A lead's contact address is the sales team's to see; nobody else reads other people's e-mail.
  "routes/leads._index": { path: () => "/leads", read: SALES, page: true, emails: SALES, write: { method: "POST", group: SALES, form: {} } },
  "routes/leads.$id": { path: (p) => `/leads/${p.leadId}`, read: SALES, page: true, emails: SALES, write: { method: "POST", group: SALES, form: {} } },
  "routes/admin.detectors": { path: () => "/admin/detectors", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.lead-scoring": { path: () => "/admin/lead-scoring", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/admin.webhooks": { path: () => "/admin/webhooks", read: ADMIN, page: true, write: { method: "POST", group: ADMIN, form: {} } },
  "routes/leads[.]csv": { path: () => "/leads.csv", read: SALES, emails: SALES },
  "routes/ideas[.]csv": { path: () => "/ideas.csv", read: PRODUCT },

  "routes/api.v1.$": { path: api("no-such-endpoint"), read: NOBODY, credentialsIgnored: true, hidden: true, write: "405" },
  "routes/api.v1.session": { path: api("session"), read: "405", write: { method: "DELETE", group: SIGNED_IN } },
  "routes/api.v1.users": { path: api("users"), read: "405", write: { method: "POST", group: only("anonymous") } },
  "routes/api.v1.me": { path: api("me"), read: SIGNED_IN, write: "405" },
  "routes/api.v1.me.password": { path: api("me/password"), read: "405", write: { method: "PUT", group: minus(SIGNED_IN, "suspended", "apiToken") } },
  "routes/api.v1.categories": { path: api("categories"), read: EVERYONE, write: "405" },
  "routes/api.v1.tags": { path: api("tags"), read: EVERYONE, write: "405" },
  "routes/api.v1.threads": { path: api("threads"), read: EVERYONE, write: { method: "POST", group: ACTIVE } },
  "routes/api.v1.threads.$id": { path: (p) => `/api/v1/threads/${p.threadId}`, read: EVERYONE, write: "405" },
  "routes/api.v1.threads.$id.posts": { path: (p) => `/api/v1/threads/${p.threadId}/posts`, read: EVERYONE, write: { method: "POST", group: ACTIVE } },
  "routes/api.v1.threads.$id.votes": { path: (p) => `/api/v1/threads/${p.ideaId}/votes`, read: "405", write: { method: "POST", group: ACTIVE } },
  "routes/api.v1.threads.$id.follow": { path: (p) => `/api/v1/threads/${p.threadId}/follow`, read: "405", write: { method: "PUT", group: SIGNED_IN } },
  "routes/api.v1.posts.$id": { path: (p) => `/api/v1/posts/${p.postId}`, read: EVERYONE, write: { method: "PATCH", group: STAFF } },
  "routes/api.v1.posts.$id.accept": { path: (p) => `/api/v1/posts/${p.postId}/accept`, read: "405", write: { method: "DELETE", group: only("member", "apiToken", "moderator", "admin") } },
  "routes/api.v1.posts.$id.votes": { path: (p) => `/api/v1/posts/${p.postId}/votes`, read: "405", write: { method: "POST", group: ACTIVE } },
  "routes/api.v1.posts.$id.flags": { path: (p) => `/api/v1/posts/${p.postId}/flags`, read: "405", write: { method: "POST", group: ACTIVE } },
  "routes/api.v1.posts.$id.revisions": { path: (p) => `/api/v1/posts/${p.postId}/revisions`, read: EVERYONE, write: "405" },
  "routes/api.v1.search": { path: api("search?q=export"), read: EVERYONE, write: "405" },
  "routes/api.v1.search.similar": { path: api("search/similar?title=export%20invoices"), read: EVERYONE, write: "405" },
  "routes/api.v1.notifications": { path: api("notifications"), read: SIGNED_IN, write: { method: "POST", group: SIGNED_IN } },
  "routes/api.v1.roadmap": { path: api("roadmap"), read: [...EVERYONE, "revokedToken"], credentialsIgnored: true, write: "405" },

  "routes/api.v1.mod.queue": { path: api("mod/queue"), read: STAFF, write: { method: "POST", group: STAFF } },
  "routes/api.v1.mod.audit": { path: api("mod/audit"), read: STAFF, write: "405" },
  "routes/api.v1.mod.health": { path: api("mod/health"), read: STAFF, write: "405" },
  "routes/api.v1.mod.canned-replies": { path: api("mod/canned-replies"), read: STAFF, write: { method: "POST", group: STAFF } },
  "routes/api.v1.mod.canned-replies.$id": { path: (p) => `/api/v1/mod/canned-replies/${p.cannedId}`, read: "405", write: { method: "PATCH", group: STAFF } },
  "routes/api.v1.mod.posts.$id.$op": { path: (p) => `/api/v1/mod/posts/${p.postId}/dismiss`, read: "405", write: { method: "POST", group: STAFF } },
  "routes/api.v1.mod.threads.$id.$op": { path: (p) => `/api/v1/mod/threads/${p.threadId}/move`, read: "405", write: { method: "POST", group: STAFF } },
  "routes/api.v1.mod.users.$handle.$op": { path: () => "/api/v1/mod/users/bob/warn", read: "405", write: { method: "POST", group: STAFF } },

  "routes/api.v1.admin.users": { path: api("admin/users"), read: ADMIN, emails: ADMIN, write: "405" },
  "routes/api.v1.admin.users.$handle": { path: () => "/api/v1/admin/users/bob", read: "405", write: { method: "PATCH", group: ADMIN } },
  "routes/api.v1.admin.companies": { path: api("admin/companies"), read: ADMIN, write: { method: "POST", group: ADMIN } },
  "routes/api.v1.admin.companies.$id": { path: (p) => `/api/v1/admin/companies/${p.companyId}`, read: "405", write: { method: "PATCH", group: ADMIN } },
  "routes/api.v1.admin.categories": { path: api("admin/categories"), read: ADMIN, write: { method: "POST", group: ADMIN } },
  "routes/api.v1.admin.categories.$id": { path: (p) => `/api/v1/admin/categories/${p.categoryId}`, read: "405", write: { method: "PATCH", group: ADMIN } },
  "routes/api.v1.admin.categories.$id.tags": { path: (p) => `/api/v1/admin/categories/${p.categoryId}/tags`, read: "405", write: { method: "PUT", group: ADMIN } },
  "routes/api.v1.admin.categories.order": { path: api("admin/categories/order"), read: "405", write: { method: "PUT", group: ADMIN } },
  "routes/api.v1.admin.tokens": { path: api("admin/tokens"), read: ADMIN, write: { method: "POST", group: ADMIN } },
  "routes/api.v1.admin.tokens.$id": { path: () => "/api/v1/admin/tokens/999999", read: "405", write: { method: "DELETE", group: ADMIN } },
  "routes/api.v1.admin.settings.moderation": { path: api("admin/settings/moderation"), read: ADMIN, write: { method: "PUT", group: ADMIN } },
  "routes/api.v1.admin.settings.knowledge": { path: api("admin/settings/knowledge"), read: ADMIN, write: { method: "PUT", group: ADMIN } },
  "routes/api.v1.admin.settings.leads": { path: api("admin/settings/leads"), read: ADMIN, write: { method: "PUT", group: ADMIN } },
  "routes/api.v1.admin.webhooks": { path: api("admin/webhooks"), read: ADMIN, write: { method: "POST", group: ADMIN } },
  "routes/api.v1.admin.webhooks.$id": { path: (p) => `/api/v1/admin/webhooks/${p.webhookId}`, read: "405", write: { method: "PATCH", group: ADMIN } },

  "routes/api.v1.harvest.runs": { path: api("harvest/runs"), read: ADMIN, write: { method: "POST", group: ADMIN } },
  "routes/api.v1.harvest.runs.$id": { path: (p) => `/api/v1/harvest/runs/${p.runId}`, read: ADMIN, write: "405" },
  "routes/api.v1.harvest.classify": { path: api("harvest/classify"), read: "405", write: { method: "POST", group: PRODUCT_AND_SALES } },

  "routes/api.v1.kb._index": { path: api("kb"), read: EVERYONE, write: "405" },
  "routes/api.v1.kb.articles": { path: api("kb/articles"), read: EVERYONE, write: "405" },
  "routes/api.v1.kb.articles.$id": { path: (p) => `/api/v1/kb/articles/${p.draftArticleId}`, read: STAFF, hidden: true, write: { method: "PATCH", group: STAFF } },
  "routes/api.v1.kb.articles.$id.$op": {
    path: (p) => `/api/v1/kb/articles/${p.draftArticleId}/similar`,
    read: STAFF,
    write: { method: "POST", group: STAFF, path: (p) => `/api/v1/kb/articles/${p.draftArticleId}/publish` },
  },
  "routes/api.v1.kb.queue": { path: api("kb/queue"), read: STAFF, write: "405" },
  "routes/api.v1.kb.insights": { path: api("kb/insights"), read: STAFF, write: "405" },
  "routes/api.v1.kb.deflections": { path: api("kb/deflections"), read: "405", write: { method: "POST", group: EVERYONE } },

  "routes/api.v1.ideas": { path: api("ideas"), read: EVERYONE, write: "405" },
  "routes/api.v1.ideas.$threadId": { path: (p) => `/api/v1/ideas/${p.ideaId}`, read: EVERYONE, write: "405" },
  "routes/api.v1.ideas.$threadId.status": { path: (p) => `/api/v1/ideas/${p.ideaId}/status`, read: "405", write: { method: "POST", group: PRODUCT } },
  "routes/api.v1.ideas.$threadId.merge": { path: (p) => `/api/v1/ideas/${p.ideaId}/merge`, read: "405", write: { method: "POST", group: only("moderator", "productManager", "admin") } },
  "routes/api.v1.ideas.candidates": { path: api("ideas/candidates"), read: PRODUCT, write: "405" },
  "routes/api.v1.ideas.candidates.$id.$op": { path: (p) => `/api/v1/ideas/candidates/${p.candidateId}/attach`, read: "405", write: { method: "POST", group: PRODUCT } },
  "routes/api.v1.leads": { path: api("leads"), read: SALES, emails: SALES, write: "405" },
  "routes/api.v1.leads.$id": { path: (p) => `/api/v1/leads/${p.leadId}`, read: SALES, emails: SALES, write: { method: "PATCH", group: SALES } },
  "routes/api.v1.insights": { path: api("insights"), read: PRODUCT_AND_SALES, write: "405" },
};

let t: TestServer;
let clients: Record<Persona, ApiClient>;
let props: Props;
let build: ServerBuild;

beforeAll(async () => {
  build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  t = await startTestServer();
  ({ clients, props } = await castAndProps(t));
}, 120_000);
afterAll(() => t?.close());

/** Refused, as a persona may be refused: 401, 403, or a page's redirect to the login page. */
function refused(res: ApiResponse, hidden: boolean): boolean {
  if (res.status === 401 || res.status === 403) return true;
  if (hidden && res.status === 404) return true;
  const location = res.headers.get("x-remix-redirect") ?? res.headers.get("location") ?? "";
  return location.startsWith("/login");
}

function read(row: Row, routeId: string, client: ApiClient): Promise<ApiResponse> {
  const url = row.path(props);
  return client.get(row.page ? `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}` : url);
}

function write(row: Row, routeId: string, client: ApiClient, method: Method): Promise<ApiResponse> {
  const spec = row.write as { form?: Record<string, string>; path?: (p: Props) => string };
  const target = (spec.path ?? row.path)(props);
  if (!row.page) return client.request(method, target, {});
  const url = `${target}${target.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
  return client.request(method, url, new URLSearchParams(spec.form ?? {}).toString(), { "Content-Type": "application/x-www-form-urlencoded", Origin: t.baseUrl });
}

describe("the authorization matrix", () => {
  it("has a row for every route of the manifest, and none for routes that are gone", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(build.routes).sort());
  });

  it("lets exactly the allowed personas read each route, refuses the rest, and never fails", async () => {
    const wrong: string[] = [];
    for (const [routeId, row] of Object.entries(MATRIX)) {
      if (row.read === "none") continue;
      for (const persona of PERSONAS) {
        const res = await read(row, routeId, clients[persona]);
        const label = `${routeId} GET as ${persona}: ${res.status}`;
        if (res.status >= 500) wrong.push(`${label} (server error)`);
        else if (row.read === "405") {
          if (res.status !== 405 && !(persona === "revokedToken" && res.status === 401)) wrong.push(`${label} (expected 405)`);
        } else if (row.read.includes(persona)) {
          if (res.status >= 400 || refused(res, false)) wrong.push(`${label} (expected allowed)`);
        } else if (!refused(res, row.hidden ?? false)) wrong.push(`${label} (expected refused)`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("refuses every write to those not allowed, before looking at the input, and never fails", async () => {
    const wrong: string[] = [];
    for (const [routeId, row] of Object.entries(MATRIX)) {
      if (!row.write || row.write === "405") continue;
      const { method, group } = row.write;
      for (const persona of PERSONAS) {
        if (group.includes(persona)) continue;
        const res = await write(row, routeId, clients[persona], method);
        const label = `${routeId} ${method} as ${persona}: ${res.status} ${res.text.slice(0, 120)}`;
        if (res.status >= 500) wrong.push(`${label} (server error)`);
        else if (!refused(res, false)) wrong.push(`${label} (expected refused)`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("shows other people's e-mail addresses only where the role allows, and secrets to nobody", async () => {
    const users = await t.app.db.selectFrom("users").select(["handle", "email"]).execute();
    const emailOf = new Map(users.map((u) => [u.handle, u.email.toLowerCase()]));
    const wrong: string[] = [];
    for (const [routeId, row] of Object.entries(MATRIX)) {
      if (!Array.isArray(row.read)) continue;
      for (const persona of row.read as Group) {
        const res = await read(row, routeId, clients[persona]);
        const text = res.text.toLowerCase();
        const own = PERSONA_HANDLES[persona] ? emailOf.get(PERSONA_HANDLES[persona]!) : undefined;
        const seen = [...emailOf.values()].filter((email) => email !== own && text.includes(email));
        if (seen.length && !(row.emails ?? []).includes(persona)) wrong.push(`${routeId} as ${persona} shows ${seen.slice(0, 3).join(", ")}`);
        for (const secret of SECRETS) if (secret.test(res.text)) wrong.push(`${routeId} as ${persona} shows ${secret}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("never lets a request assign its own role, trust level or company", async () => {
    const db = t.app.db;
    const company = props.companyId;
    const escalation = { role: "admin", trustLevel: 4, trust_level: 4, trustLevelLocked: true, companyId: company, company_id: company, suspendedUntil: null };
    // Registration, through the API and through the page's form.
    const viaApi = await new ApiClient(t.baseUrl).post("/api/v1/users", { handle: "massassign1", email: "massassign1@example.com", password: "long-enough-password", ...escalation });
    expect(viaApi.status).toBe(201);
    const form = new URLSearchParams({ handle: "massassign2", email: "massassign2@example.com", password: "long-enough-password", role: "admin", trustLevel: "4", companyId: String(company) });
    const viaPage = await new ApiClient(t.baseUrl).request("POST", "/register?_data=routes%2Fregister", form.toString(), { "Content-Type": "application/x-www-form-urlencoded", Origin: t.baseUrl });
    expect(viaPage.status).toBeLessThan(400);
    for (const handle of ["massassign1", "massassign2"]) {
      const row = await db.selectFrom("users").select(["role", "trust_level", "trust_level_locked", "company_id"]).where("handle", "=", handle).executeTakeFirstOrThrow();
      expect(row, handle).toEqual({ role: "member", trust_level: 0, trust_level_locked: false, company_id: null });
    }
    // A member changing their own profile or password: extra fields change nothing.
    const before = await db.selectFrom("users").select(["role", "trust_level", "company_id"]).where("handle", "=", "alice").executeTakeFirstOrThrow();
    await clients.member.request("POST", "/profile?_data=routes%2Fprofile", new URLSearchParams({ currentPassword: "wrong", newPassword: "another-password", role: "admin", trustLevel: "4", companyId: "" }).toString(), { "Content-Type": "application/x-www-form-urlencoded", Origin: t.baseUrl });
    await clients.member.put("/api/v1/me/password", { currentPassword: "wrong", newPassword: "another-password", ...escalation });
    // The user admin endpoint, by everyone but admins, on themselves and on others.
    for (const persona of minus(PERSONAS, "admin")) {
      for (const handle of ["alice", "bob", "mia"]) {
        const res = await clients[persona].patch(`/api/v1/admin/users/${handle}`, { role: "admin", trustLevel: 4, companyId: company });
        if (res.status !== 401 && res.status !== 403) throw new Error(`${persona} PATCH ${handle}: ${res.status}`);
      }
    }
    const after = await db.selectFrom("users").select(["role", "trust_level", "company_id"]).where("handle", "=", "alice").executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const admins = await db.selectFrom("users").select("handle").where("role", "=", "admin").execute();
    expect(admins.map((a) => a.handle)).toEqual(["ada"]);
  }, 120_000);
});

/** Never in any answer: password hashes, token hashes, webhook signing secrets. */
const SECRETS = [/\$argon2/, /password_hash/i, /token_hash/i, /whsec_matrix/];
