import { sql, type Kysely } from "kysely";

/**
 * `post_signal_scans` without its foreign key to `posts`. The harvest writes one row per member
 * post it scans (a million in a first pass at 100,000 threads), and checking each against
 * `posts` (a lookup and a row lock per row) was the largest single cost of storing a batch. The
 * rows are only ever read from `posts` outward (a post without a row, or with an older revision,
 * is due), so a row whose post is gone is never read; a trigger removes the rows of deleted
 * posts, as the cascade did, once per statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table post_signal_scans drop constraint post_signal_scans_post_id_fkey`.execute(db);
  await sql`
    create function posts_forget_signal_scans() returns trigger language plpgsql as $$
    begin
      delete from post_signal_scans s using gone where s.post_id = gone.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger posts_forget_signal_scans after delete on posts
    referencing old table as gone for each statement execute function posts_forget_signal_scans()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger posts_forget_signal_scans on posts`.execute(db);
  await sql`drop function posts_forget_signal_scans()`.execute(db);
  await sql`delete from post_signal_scans s where not exists (select 1 from posts p where p.id = s.post_id)`.execute(db);
  await sql`alter table post_signal_scans add constraint post_signal_scans_post_id_fkey foreign key (post_id) references posts (id) on delete cascade`.execute(db);
}
