import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("the app's database connections", () => {
  it("run with PostgreSQL's JIT off (it cost a third of a search)", async () => {
    // Several at once, so more than one pooled connection answers.
    const answers = await Promise.all(Array.from({ length: 4 }, () => sql<{ jit: string }>`show jit`.execute(database.db)));
    for (const { rows } of answers) expect(rows[0]!.jit).toBe("off");
  });

  it("plan for data in memory or on SSD (random_page_cost 1.1, not a spinning disk's 4)", async () => {
    const { rows } = await sql<{ random_page_cost: string }>`show random_page_cost`.execute(database.db);
    expect(rows[0]!.random_page_cost).toBe("1.1");
  });
});
