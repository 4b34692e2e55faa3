/**
 * Foreign keys are dropped for the bulk load and added back after: the tables load in
 * parallel in no particular order (a post may arrive before its thread), each COPY'd row would
 * otherwise run a trigger per key, and adding a key validates it in one join. Optionally the
 * secondary indexes go too (--drop-indexes; measured slower here, see bench/report.md).
 * Definitions are read from the catalog, so whatever a later migration adds is restored
 * without touching this code; they are saved in the seed's marker row, so an interrupted load
 * can be undone by the next run. Primary keys always stay.
 */
import type pg from "pg";

export interface SavedStep {
  name: string;
  table: string;
  sql: string;
  /** For unique constraints: `alter table … add constraint … using index`, once the index exists. */
  attach?: string;
  kind: "index" | "constraint" | "foreign key";
  /**
   * For foreign keys: what they point at and their ON DELETE action (pg_constraint.confdeltype:
   * c cascade, n set null, a/r/d otherwise), so an undo can do what the dropped key would have
   * done to rows that point into a removed batch. Absent in markers written before it existed.
   */
  references?: { table: string; columns: string[]; onDelete: string };
}

export interface SavedSchema {
  /** Plain and unique indexes: independent, so they can be built on several connections at once. */
  indexes: SavedStep[];
  /** `alter table … add constraint …` for foreign keys, run last (and one at a time: two of
   * them lock the same pair of tables in opposite orders, which could deadlock). */
  foreignKeys: SavedStep[];
}

/**
 * `keepIndexes` leaves the indexes in place (the default; --drop-indexes drops them); foreign keys are
 * always dropped, because the tables load in parallel, in no particular order.
 */
export async function dropIndexesAndForeignKeys(client: pg.Client, tables: readonly string[], options: { keepIndexes?: boolean } = {}): Promise<SavedSchema> {
  const fks = await client.query<{ name: string; table: string; def: string; referenced: string; on_delete: string; columns: string[] }>(
    `select c.conname as name, c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as def,
            c.confrelid::regclass::text as referenced, c.confdeltype::text as on_delete,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns
       from pg_constraint c
      where c.contype = 'f'
        and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
      order by c.conrelid::regclass::text, c.conname`,
    [tables],
  );
  const idx = await client.query<{ name: string; table: string; constraint_name: string | null; def: string }>(
    `select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as table,
            c.conname as constraint_name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
       left join pg_constraint c on c.conindid = i.indexrelid and c.contype = 'u'
      where i.indrelid = any($1::regclass[]) and not i.indisprimary
      order by i.indrelid::regclass::text, i.indexrelid::regclass::text`,
    [tables],
  );
  if (options.keepIndexes) idx.rows = [];
  const saved: SavedSchema = {
    foreignKeys: fks.rows.map((r) => ({
      kind: "foreign key",
      name: r.name,
      table: r.table,
      sql: `alter table ${r.table} add constraint ${quote(r.name)} ${r.def}`,
      references: { table: r.referenced, columns: r.columns, onDelete: r.on_delete },
    })),
    // A unique constraint is rebuilt as its unique index (parallel with the others), then
    // attached as the constraint, which is instant.
    indexes: idx.rows.map((r) =>
      r.constraint_name
        ? { kind: "constraint", name: r.constraint_name, table: r.table, sql: r.def, attach: `alter table ${r.table} add constraint ${quote(r.constraint_name)} unique using index ${quote(r.name)}` }
        : { kind: "index", name: r.name, table: r.table, sql: r.def },
    ),
  };
  for (const fk of saved.foreignKeys) await client.query(`alter table ${fk.table} drop constraint ${quote(fk.name)}`);
  for (const r of idx.rows) {
    if (r.constraint_name) await client.query(`alter table ${r.table} drop constraint ${quote(r.constraint_name)}`);
    else await client.query(`drop index ${r.name}`);
  }
  return saved;
}

/**
 * Rebuilds what was dropped: indexes spread over the given connections (GIN ones first, they
 * take longest), then unique constraints attached and foreign keys added on the first one.
 * Steps that already exist are skipped, so an interrupted rebuild can simply run again.
 */
export async function recreate(clients: pg.Client[], saved: SavedSchema, onStep: (name: string, ms: number) => void): Promise<void> {
  const control = clients[0]!;
  const existing = async () => {
    const rows = await control.query<{ name: string }>(
      `select relname as name from pg_class where relkind = 'i'
        union select conname from pg_constraint`,
    );
    return new Set(rows.rows.map((r) => r.name));
  };
  const have = await existing();
  const queue = saved.indexes
    .filter((s) => !have.has(bareName(s.name)))
    .sort((a, b) => Number(/using gin/i.test(b.sql)) - Number(/using gin/i.test(a.sql)));
  const timed = async (client: pg.Client, name: string, sql: string) => {
    const started = performance.now();
    await client.query(sql);
    onStep(name, performance.now() - started);
  };
  await Promise.all(
    clients.map(async (client) => {
      for (let step = queue.shift(); step; step = queue.shift()) await timed(client, step.name, step.sql);
    }),
  );
  const now = await existing();
  for (const step of saved.indexes) {
    if (step.attach && !(await isConstraint(control, step.name))) await timed(control, step.name, step.attach);
  }
  for (const fk of saved.foreignKeys) if (!now.has(fk.name)) await timed(control, fk.name, fk.sql);
}

async function isConstraint(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query("select 1 from pg_constraint where conname = $1", [name]);
  return rows.length > 0;
}

/** `public.posts_author_idx` → `posts_author_idx` (regclass text is schema-qualified off the search path). */
function bareName(name: string): string {
  return name.replace(/^.*\./, "").replace(/^"|"$/g, "");
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
