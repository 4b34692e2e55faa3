import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(t.db);
  return rows.map((r) => r.table_name);
}

describe("migrations", () => {
  it("go all the way down and back up again", async () => {
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(["users", "sessions", "api_tokens", "companies", "categories"]));

    const down = await migrateDown(t.db, { all: true });
    expect(down).toHaveLength(Object.keys(migrations).length);
    expect(await tables()).toEqual([]);

    const up = await migrateToLatest(t.db);
    expect(up).toHaveLength(Object.keys(migrations).length);
    expect(await tables()).toEqual(before);
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("step down one at a time, each down undoing its own up", async () => {
    const names = Object.keys(migrations).reverse();
    for (const name of names) {
      expect(await migrateDown(t.db)).toEqual([`Down ${name}`]);
    }
    await migrateToLatest(t.db);
  });

  it("keep the rules in the database, not only in code", async () => {
    const insertUser = (handle: string, email: string) =>
      t.db.insertInto("users").values({ handle, email, password_hash: "x" }).execute();
    await insertUser("Dana", "dana@example.com");
    await expect(insertUser("dana", "other@example.com")).rejects.toMatchObject({ code: "23505" });
    await expect(insertUser("bad handle", "x@example.com")).rejects.toMatchObject({ code: "23514" });
    await expect(
      t.db.insertInto("users").values({ handle: "erin", email: "e@example.com", password_hash: "x", role: "owner" as never }).execute(),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      t.db.insertInto("users").values({ handle: "finn", email: "f@example.com", password_hash: "x", company_id: 999 }).execute(),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      t.db.insertInto("categories").values({ slug: "x", name: "X", kinds: ["poll" as never] }).execute(),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
