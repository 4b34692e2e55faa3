import { sql, type Kysely } from "kysely";

/**
 * Idempotency keys: a client that retries a write with the same `Idempotency-Key` gets the first
 * answer back instead of a second write. Keyed by user, so one user's key can never replay
 * another's answer; `fingerprint` (method, path and body) refuses the key's reuse for a different
 * request. Rows older than a day are dead and cleaned up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id integer not null references users (id) on delete cascade,
      key text not null,
      fingerprint text not null,
      state text not null default 'running' check (state in ('running', 'done')),
      answer jsonb,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (user_id, key)
    )`.execute(db);
  await sql`create index idempotency_keys_created_idx on idempotency_keys (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db);
}
