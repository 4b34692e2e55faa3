/**
 * Bulk loading is several times faster into tables without secondary indexes and foreign keys
 * (each COPY'd row would otherwise update every index and run a trigger per key), and building
 * an index once over the finished table is cheaper than maintaining it row by row. So the
 * seed drops them for the duration of the load and recreates them from their own definitions,
 * read from the catalog: whatever a later migration adds is kept without touching this code.
 * Everything happens inside the load's transaction: a failed load rolls back to the schema as
 * it was. Primary keys stay (other constraints need them, and they catch id mistakes early).
 */
import type pg from "pg";

export interface SavedSchema {
  /** `alter table … add constraint …` for foreign keys, run last. */
  foreignKeys: { name: string; table: string; sql: string }[];
  /** Unique constraints and plain indexes, run first. */
  indexes: { name: string; table: string; sql: string }[];
}

/** `keep` names constraints and indexes to leave in place (the --keep-indexes comparison). */
export async function dropIndexesAndForeignKeys(client: pg.Client, tables: readonly string[], keep: (name: string) => boolean = () => false): Promise<SavedSchema> {
  const fks = await client.query<{ name: string; table: string; def: string }>(
    `select c.conname as name, c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as def
       from pg_constraint c
      where c.contype = 'f'
        and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
      order by c.conrelid::regclass::text, c.conname`,
    [tables],
  );
  const idx = await client.query<{ name: string; table: string; constraint_name: string | null; def: string; constraint_def: string | null }>(
    `select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as table,
            c.conname as constraint_name, pg_get_indexdef(i.indexrelid) as def,
            pg_get_constraintdef(c.oid) as constraint_def
       from pg_index i
       left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('u', 'x')
      where i.indrelid = any($1::regclass[]) and not i.indisprimary
      order by i.indrelid::regclass::text, i.indexrelid::regclass::text`,
    [tables],
  );
  fks.rows = fks.rows.filter((r) => !keep(r.name));
  idx.rows = idx.rows.filter((r) => !keep(r.constraint_name ?? r.name));
  const saved: SavedSchema = {
    foreignKeys: fks.rows.map((r) => ({ name: r.name, table: r.table, sql: `alter table ${r.table} add constraint ${quote(r.name)} ${r.def}` })),
    indexes: idx.rows.map((r) =>
      r.constraint_name
        ? { name: r.constraint_name, table: r.table, sql: `alter table ${r.table} add constraint ${quote(r.constraint_name)} ${r.constraint_def}` }
        : { name: r.name, table: r.table, sql: r.def },
    ),
  };
  for (const fk of saved.foreignKeys) await client.query(`alter table ${fk.table} drop constraint ${quote(fk.name)}`);
  for (const r of idx.rows) {
    if (r.constraint_name) await client.query(`alter table ${r.table} drop constraint ${quote(r.constraint_name)}`);
    else await client.query(`drop index ${r.name}`);
  }
  return saved;
}

export async function recreate(client: pg.Client, saved: SavedSchema, onStep: (name: string, ms: number) => void): Promise<void> {
  for (const step of [...saved.indexes, ...saved.foreignKeys]) {
    const started = performance.now();
    await client.query(step.sql);
    onStep(step.name, performance.now() - started);
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
