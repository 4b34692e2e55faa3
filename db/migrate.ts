import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from "kysely";
import type { Db } from "./index";
import { migrations } from "./migrations/index";

function migratorFor(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    error.message = `migration ${failed?.migrationName ?? "?"} failed: ${error.message}`;
    throw error;
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

/** Applies every pending migration; returns what ran. Kysely takes a lock so nodes can race. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest());
}

/** Rolls back one migration (or all of them, to an empty schema). */
export async function migrateDown(db: Db, options: { all?: boolean } = {}): Promise<string[]> {
  const migrator = migratorFor(db);
  if (options.all) return unwrap(await migrator.migrateTo(NO_MIGRATIONS));
  return unwrap(await migrator.migrateDown());
}
