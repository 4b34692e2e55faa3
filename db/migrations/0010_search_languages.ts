import { sql, type Kysely } from "kysely";

/**
 * Search that understands each language, normalised in the application (any PostgreSQL 15+,
 * managed ones included, where no dictionary files can be installed).
 *
 * The application now writes each title's and post's index itself, as tsvector text in
 * title_lexemes / body_lexemes: every word with its base forms, stems and compound parts at the
 * word's own position, and Chinese as jieba words plus single characters (app/lib/text). The
 * vectors are generated from that text. Rows written before this migration have no lexemes
 * yet and keep their vector from the old per-language configuration until `npm run reindex`
 * fills them in; search_version records which normalisation a row was indexed with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table threads
      add column title_lexemes text not null default '',
      add column search_version integer not null default 0,
      drop column title_vector`.execute(db);
  await sql`
    alter table threads add column title_vector tsvector generated always as (setweight(
      case when title_lexemes = '' then to_tsvector(search_config, title_search_text) else title_lexemes::tsvector end, 'A')) stored`.execute(db);
  await sql`create index threads_title_vector_idx on threads using gin (title_vector)`.execute(db);

  await sql`
    alter table posts
      add column body_lexemes text not null default '',
      add column search_version integer not null default 0,
      drop column body_vector`.execute(db);
  await sql`
    alter table posts add column body_vector tsvector generated always as (setweight(
      case when body_lexemes = '' then to_tsvector(search_config, search_text) else body_lexemes::tsvector end, 'B')) stored`.execute(db);
  await sql`create index posts_body_vector_idx on posts using gin (body_vector)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The old index read Chinese one character per token: put the spaces back between them.
  const cjk = "([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])";
  await sql`update posts set search_text = btrim(regexp_replace(regexp_replace(search_text, ${cjk}, ' \\1 ', 'g'), '[ \t]{2,}', ' ', 'g')) where language = 'zh'`.execute(db);
  await sql`update threads set title_search_text = btrim(regexp_replace(regexp_replace(title_search_text, ${cjk}, ' \\1 ', 'g'), '[ \t]{2,}', ' ', 'g')) where language = 'zh'`.execute(db);
  await sql`alter table posts drop column body_vector, drop column body_lexemes, drop column search_version`.execute(db);
  await sql`alter table posts add column body_vector tsvector generated always as (setweight(to_tsvector(search_config, search_text), 'B')) stored`.execute(db);
  await sql`create index posts_body_vector_idx on posts using gin (body_vector)`.execute(db);
  await sql`alter table threads drop column title_vector, drop column title_lexemes, drop column search_version`.execute(db);
  await sql`alter table threads add column title_vector tsvector generated always as (setweight(to_tsvector(search_config, title_search_text), 'A')) stored`.execute(db);
  await sql`create index threads_title_vector_idx on threads using gin (title_vector)`.execute(db);
}
