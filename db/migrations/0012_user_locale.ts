import { sql, type Kysely } from "kysely";

/**
 * Each member's interface language. Null means "not chosen": the browser's Accept-Language and
 * then the community's default decide. The check keeps the column to the catalogs we ship.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column locale text check (locale in ('en', 'sv', 'nb', 'zh-Hans'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column locale`.execute(db);
}
