import { sql, type Kysely } from "kysely";

/**
 * Access that ends must end everywhere at once, open sockets included. Whenever a session is
 * revoked, a user's role, suspension or password changes, or an API token is revoked (or
 * deleted), the database itself announces it on the channel `gleaner_identity` (NOTIFY is sent
 * on commit). Every node listens and disconnects the sockets that identity opened, whatever
 * code path made the change: an admin tool, a migration, a manual UPDATE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_session_ended() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        perform pg_notify('gleaner_identity', json_build_object('session', old.id, 'user', old.user_id)::text);
        return old;
      end if;
      if old.revoked_at is null and new.revoked_at is not null then
        perform pg_notify('gleaner_identity', json_build_object('session', new.id, 'user', new.user_id)::text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger sessions_notify_ended after update or delete on sessions for each row execute function notify_session_ended()`.execute(db);

  await sql`
    create function notify_user_identity() returns trigger language plpgsql as $$
    begin
      if (new.role, new.suspended_until, new.password_hash) is distinct from (old.role, old.suspended_until, old.password_hash) then
        perform pg_notify('gleaner_identity', json_build_object('user', new.id)::text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger users_notify_identity after update on users for each row execute function notify_user_identity()`.execute(db);

  await sql`
    create function notify_token_ended() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        perform pg_notify('gleaner_identity', json_build_object('token', old.id, 'user', old.user_id)::text);
        return old;
      end if;
      if (new.revoked_at, new.expires_at) is distinct from (old.revoked_at, old.expires_at) then
        perform pg_notify('gleaner_identity', json_build_object('token', new.id, 'user', new.user_id)::text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger api_tokens_notify_ended after update or delete on api_tokens for each row execute function notify_token_ended()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger api_tokens_notify_ended on api_tokens`.execute(db);
  await sql`drop function notify_token_ended()`.execute(db);
  await sql`drop trigger users_notify_identity on users`.execute(db);
  await sql`drop function notify_user_identity()`.execute(db);
  await sql`drop trigger sessions_notify_ended on sessions`.execute(db);
  await sql`drop function notify_session_ended()`.execute(db);
}
