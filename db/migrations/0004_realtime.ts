import { sql, type Kysely } from "kysely";

/**
 * The table the Socket.IO Postgres adapter (@socket.io/postgres-adapter) keeps messages in when
 * they do not fit a NOTIFY payload (8000 bytes) or carry binary data: fetchSockets answers and
 * large broadcasts between nodes. The adapter writes and cleans it up itself (rows older than
 * its cleanup interval are deleted); the shape is the adapter's own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table socket_io_attachments (
      id bigserial unique,
      created_at timestamptz default now(),
      payload bytea
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table socket_io_attachments`.execute(db);
}
