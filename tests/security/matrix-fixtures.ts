/**
 * The cast and the props of the authorization matrix: one client per persona, and one real
 * instance of everything a route can name (a thread, a post, an article, a lead…), so that
 * every route's parameters resolve to something that exists.
 */
import { sql } from "kysely";
import { harvestThreads } from "../../app/harvest/harvest-threads.server";
import { hashToken, newToken } from "../../app/lib/tokens.server";
import { ApiClient } from "../helpers/http";
import type { TestServer } from "../helpers/server";

export const PERSONAS = [
  "anonymous",
  "member",
  "otherCompany",
  "newMember",
  "moderator",
  "productManager",
  "sales",
  "admin",
  "suspended",
  "apiToken",
  "revokedToken",
] as const;
export type Persona = (typeof PERSONAS)[number];

/** Who each persona is signed in as (the token personas hold tokens of these accounts). */
export const PERSONA_HANDLES: Record<Persona, string | null> = {
  anonymous: null,
  member: "alice",
  otherCompany: "carol",
  newMember: "newbie",
  moderator: "mia",
  productManager: "pete",
  sales: "sam",
  admin: "ada",
  suspended: "banned",
  apiToken: "alice",
  revokedToken: "alice",
};

export interface Props {
  threadId: number;
  ideaId: number;
  hiddenThreadId: number;
  postId: number;
  categoryId: number;
  categorySlug: string;
  companyId: number;
  tokenId: number;
  webhookId: number;
  runId: number;
  articleId: number;
  articleSlug: string;
  draftArticleId: number;
  leadId: number;
  cannedId: number;
  candidateId: number;
}

/** The raw API tokens of the token personas, for the sockets' handshakes. */
export type TokenPersona = "suspended" | "apiToken" | "revokedToken";

async function tokenClient(t: TestServer, handle: string, options: { revoked?: boolean } = {}): Promise<{ client: ApiClient; token: string }> {
  const user = await t.app.db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirstOrThrow();
  const token = newToken("glt_");
  await t.app.db
    .insertInto("api_tokens")
    .values({ user_id: user.id, name: `matrix ${handle}`, token_hash: hashToken(token), prefix: token.slice(0, 10), revoked_at: options.revoked ? new Date() : null })
    .execute();
  return { client: new ApiClient(t.baseUrl, { headers: { Authorization: `Bearer ${token}` } }), token };
}

export async function castAndProps(t: TestServer): Promise<{ clients: Record<Persona, ApiClient>; tokens: Record<TokenPersona, string>; props: Props }> {
  const db = t.app.db;
  const login = (handle: string) => new ApiClient(t.baseUrl).login(handle);
  // A brand-new member (trust level 0) and a suspended one (suspended members have no sessions:
  // their only way in is an API token, which reads but never writes).
  const template = await db.selectFrom("users").select("password_hash").where("handle", "=", "alice").executeTakeFirstOrThrow();
  await db
    .insertInto("users")
    .values([
      { handle: "newbie", email: "newbie@example.test", password_hash: template.password_hash, trust_level: 0 },
      { handle: "banned", email: "banned@example.test", password_hash: template.password_hash, trust_level: 1, reviewed_at: new Date() },
    ])
    .execute();
  const [member, otherCompany, newMember, moderator, productManager, sales, admin] = await Promise.all(["alice", "carol", "newbie", "mia", "pete", "sam", "ada"].map(login));
  await db.updateTable("users").set({ suspended_until: new Date(Date.now() + 7 * 86_400_000), suspension_reason: "matrix" }).where("handle", "=", "banned").execute();
  const tokenHolders = { suspended: await tokenClient(t, "banned"), apiToken: await tokenClient(t, "alice"), revokedToken: await tokenClient(t, "alice", { revoked: true }) };
  const clients: Record<Persona, ApiClient> = {
    anonymous: new ApiClient(t.baseUrl),
    member: member!,
    otherCompany: otherCompany!,
    newMember: newMember!,
    moderator: moderator!,
    productManager: productManager!,
    sales: sales!,
    admin: admin!,
    suspended: tokenHolders.suspended.client,
    apiToken: tokenHolders.apiToken.client,
    revokedToken: tokenHolders.revokedToken.client,
  };
  const tokens: Record<TokenPersona, string> = { suspended: tokenHolders.suspended.token, apiToken: tokenHolders.apiToken.token, revokedToken: tokenHolders.revokedToken.token };

  const categories = (await member!.get("/api/v1/categories")).body.categories as { id: number; slug: string }[];
  const howDoI = categories.find((c) => c.slug === "how-do-i")!;
  const ideas = categories.find((c) => c.slug === "ideas")!;
  const question = await member!.post("/api/v1/threads", { categoryId: howDoI.id, kind: "question", title: "Matrix question about exports", body: "How do I export? It would be great if XLSX worked too." });
  const threadId = question.body.thread.id as number;
  const bobClient = await login("bob");
  const reply = await bobClient.post(`/api/v1/threads/${threadId}/posts`, { body: "Use Billing → Export, then pick CSV." });
  const postId = reply.body.post.id as number;
  await member!.post(`/api/v1/posts/${postId}/accept`);
  const idea = await member!.post("/api/v1/threads", { categoryId: ideas.id, kind: "idea", title: "Matrix idea: dark mode", body: "Please add a dark mode." });
  const ideaId = idea.body.thread.id as number;
  const hidden = await bobClient.post("/api/v1/threads", { categoryId: howDoI.id, kind: "question", title: "Matrix hidden thread", body: "To be hidden." });
  const hiddenThreadId = hidden.body.thread.id as number;
  await moderator!.post(`/api/v1/mod/threads/${hiddenThreadId}/hide`, { reason: "matrix" });
  await otherCompany!.post("/api/v1/threads", { categoryId: howDoI.id, kind: "question", title: "Matrix pricing", body: "How much does the Enterprise plan cost for 50 seats? We need a quote." });

  // A published article and a draft.
  const [published] = await harvestThreads(db, [threadId]);
  const articleId = published!.articleId!;
  await moderator!.post(`/api/v1/kb/articles/${articleId}/publish`);
  const articleSlug = (await db.selectFrom("kb_articles").select("slug").where("id", "=", articleId).executeTakeFirstOrThrow()).slug;
  const second = await member!.post("/api/v1/threads", { categoryId: howDoI.id, kind: "question", title: "Matrix second question", body: "And how do I import?" });
  const secondReply = await bobClient.post(`/api/v1/threads/${second.body.thread.id}/posts`, { body: "Use Billing → Import." });
  await member!.post(`/api/v1/posts/${secondReply.body.post.id}/accept`);
  const [draft] = await harvestThreads(db, [second.body.thread.id]);

  // Signals, a lead and a candidate, from a pass.
  const { runHarvestPass } = await import("../../app/harvest/pass.server");
  const { recordCliRun } = await import("../../app/harvest/runs.server");
  const { createLogger } = await import("../../app/lib/logger.server");
  const runId = await recordCliRun(db, "full");
  await runHarvestPass({ db, events: t.app.events, logger: createLogger("error"), jobs: t.app.jobs }, runId);
  const lead = await db.selectFrom("leads").select("id").orderBy("id").executeTakeFirstOrThrow();
  const candidate = await db.selectFrom("idea_evidence").select("id").where("status", "=", "candidate").orderBy("id").executeTakeFirstOrThrow();

  const company = await db.selectFrom("companies").select("id").orderBy("id").executeTakeFirstOrThrow();
  const tokenId = (await db.selectFrom("api_tokens").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  const webhook = await db.insertInto("webhooks").values({ url: "http://127.0.0.1:9/hook", secret: "whsec_matrix", events: ["lead.created"] }).returning("id").executeTakeFirstOrThrow();
  const canned = await db.insertInto("canned_replies").values({ title: "Matrix canned", body_md: "Thanks!" }).returning("id").executeTakeFirstOrThrow();
  await sql`select 1`.execute(db);
  return {
    clients,
    tokens,
    props: {
      threadId,
      ideaId,
      hiddenThreadId,
      postId,
      categoryId: howDoI.id,
      categorySlug: howDoI.slug,
      companyId: company.id,
      tokenId,
      webhookId: webhook.id,
      runId,
      articleId,
      articleSlug,
      draftArticleId: draft!.articleId!,
      leadId: lead.id,
      cannedId: canned.id,
      candidateId: candidate.id,
    },
  };
}
