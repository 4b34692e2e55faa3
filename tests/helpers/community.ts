import { sql } from "kysely";
import { seedDemoData } from "../../db/seed/demo";
import { toActor } from "../../app/services/auth.server";
import type { ServiceContext } from "../../app/services/context";
import { createEventBus, type DomainEvent } from "../../app/services/events";
import type { Actor } from "../../app/services/guardian";
import { createTestDatabase, type TestDatabase } from "./db";
import { startTestJobs } from "./jobs";

export interface CommunityFixture {
  database: TestDatabase;
  ctx: ServiceContext;
  /** Every domain event published, in order. */
  events: DomainEvent[];
  /** The acting identity of a seeded user, read fresh from the database. */
  as(handle: string): Promise<Actor>;
  categoryId(slug: string): Promise<number>;
  close(): Promise<void>;
}

/** A database of the test file's own with the demo community, and a service context over it. */
export async function communityFixture(): Promise<CommunityFixture> {
  const database = await createTestDatabase();
  await seedDemoData(database.db);
  const bus = createEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const jobs = await startTestJobs(database.url);
  return {
    database,
    ctx: { db: database.db, events: bus, jobs },
    events,
    as: async (handle) => {
      const user = await database.db.selectFrom("users").selectAll().where(sql`lower(handle)`, "=", handle.toLowerCase()).executeTakeFirstOrThrow();
      return toActor(user, "session");
    },
    categoryId: async (slug) => (await database.db.selectFrom("categories").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id,
    close: async () => {
      await jobs.stop({ graceMs: 1_000 });
      await database.drop();
    },
  };
}
