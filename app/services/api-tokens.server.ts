import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import type { User } from "../../db/schema";
import { notFound, msg } from "../lib/errors";
import { hashToken, newToken } from "../lib/tokens.server";
import { parseInput, text, says } from "../lib/validation";
import { ensure, type Actor } from "./guardian";

const TOKEN_PREFIX = "glt_";

export interface ApiTokenSummary {
  id: number;
  name: string;
  prefix: string;
  user: { id: number; handle: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export const newTokenSchema = z.object({
  handle: text("handle", 1, 30),
  name: text("name", 1, 80),
  expiresAt: z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.date({ invalid_type_error: says.date("expiresAt") })])
    .optional()
    .transform((d) => d ?? null),
});

/** Admins mint tokens for a user (an integration acts as that user); the secret is shown once. */
export async function createApiToken(
  db: Db,
  actor: Actor | null,
  rawInput: unknown,
): Promise<{ token: string; id: number }> {
  ensure(actor, "apiToken.manage");
  const input = parseInput(newTokenSchema, rawInput);
  const owner = await db
    .selectFrom("users")
    .select("id")
    .where(sql`lower(handle)`, "=", input.handle.toLowerCase())
    .executeTakeFirst();
  if (!owner) throw notFound(msg("account.noSuchHandle", { handle: input.handle }));
  const token = newToken(TOKEN_PREFIX);
  const row = await db
    .insertInto("api_tokens")
    .values({
      user_id: owner.id,
      name: input.name,
      token_hash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_by: actor!.id,
      expires_at: input.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, id: row.id };
}

export async function listApiTokens(db: Db, actor: Actor | null): Promise<ApiTokenSummary[]> {
  ensure(actor, "apiToken.manage");
  const rows = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([
      "api_tokens.id",
      "api_tokens.name",
      "api_tokens.prefix",
      "api_tokens.created_at",
      "api_tokens.last_used_at",
      "api_tokens.expires_at",
      "api_tokens.revoked_at",
      "users.id as user_id",
      "users.handle",
    ])
    .orderBy("api_tokens.id", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    user: { id: r.user_id, handle: r.handle },
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiToken(db: Db, actor: Actor | null, id: number): Promise<void> {
  ensure(actor, "apiToken.manage");
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: sql`now()` })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound(msg("token.notFound"));
}

/** The user behind a bearer token, or null when it is unknown, revoked or expired. */
export async function userForApiToken(db: Db, token: string): Promise<User | null> {
  return (await apiTokenIdentity(db, token))?.user ?? null;
}

/** The user behind a live API token, and the token's id (sockets opened with it are tracked by it). */
export async function apiTokenIdentity(db: Db, token: string): Promise<{ user: User; tokenId: number } | null> {
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("users")
    .select(["api_tokens.id as token_id", "api_tokens.last_used_at as token_last_used_at"])
    .where("api_tokens.token_hash", "=", hashToken(token))
    .where("api_tokens.revoked_at", "is", null)
    .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!row) return null;
  const { token_id, token_last_used_at, ...user } = row;
  if (!token_last_used_at || Date.now() - token_last_used_at.getTime() > 60_000) {
    await db.updateTable("api_tokens").set({ last_used_at: sql`now()` }).where("id", "=", token_id).execute();
  }
  return { user, tokenId: token_id };
}
