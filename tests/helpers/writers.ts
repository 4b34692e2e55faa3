import { hashToken, newToken } from "../../app/lib/tokens.server";
import type { Db } from "../../db/index";
import { ApiClient } from "./http";

/**
 * Many distinct signed-in writers, quickly: users at trust level 2 (never held for review) with
 * an API token each, inserted directly (signing up and logging in 200 users through argon2
 * would take most of a test's time and test nothing new).
 */
export async function createWriters(db: Db, baseUrl: string, count: number, prefix = "writer"): Promise<ApiClient[]> {
  const template = await db.selectFrom("users").select("password_hash").where("handle", "=", "alice").executeTakeFirstOrThrow();
  const users = await db
    .insertInto("users")
    .values(
      Array.from({ length: count }, (_, i) => ({
        handle: `${prefix}${i}`,
        email: `${prefix}${i}@example.test`,
        password_hash: template.password_hash,
        trust_level: 2,
        reviewed_at: new Date(),
      })),
    )
    .returning("id")
    .execute();
  const tokens = users.map(() => newToken("glt_"));
  await db
    .insertInto("api_tokens")
    .values(users.map((u, i) => ({ user_id: u.id, name: "load test", token_hash: hashToken(tokens[i]!), prefix: tokens[i]!.slice(0, 10) })))
    .execute();
  return tokens.map((token) => new ApiClient(baseUrl, { headers: { Authorization: `Bearer ${token}` } }));
}

/** A thread to write into, by API as alice (so it carries a real opening post). */
export async function openThread(db: Db, client: ApiClient, title = "A thread for writers"): Promise<number> {
  const category = await db.selectFrom("categories").select("id").where("slug", "=", "getting-started").executeTakeFirstOrThrow();
  const res = await client.post("/api/v1/threads", { categoryId: category.id, kind: "discussion", title, body: "Write here." });
  if (res.status !== 201) throw new Error(`creating a thread failed: ${res.status} ${res.text}`);
  return res.body.thread.id as number;
}
