import { contentLanguageOf } from "../../i18n/locales";
import { sql } from "kysely";
import type { Db } from "../../../db/index";
import { SEARCH_VERSION } from "../../lib/language";
import { htmlToPlainText } from "../../lib/markdown/render.server";
import { bodySearchColumns, prepareSearchText, prepareTitle, titleSearchColumns } from "../community/content.server";

/**
 * Recomputes language and index of every post and thread written with an older normalisation
 * (search_version below SEARCH_VERSION): after an upgrade, or when the analysis changed.
 *
 * Rows go in keyset-paged batches (id order), each batch in one transaction that locks its
 * rows, so a concurrent edit either waits or is waited for and nothing it writes is lost. A
 * finished row carries the current version, so the work is idempotent and an interrupted run
 * resumes where it stopped: the next run only sees what is left. Posts go first: a thread's
 * title is read together with its opening post's text.
 */

export interface ReindexOptions {
  /** Called after each batch with rows done so far and rows to do in all (posts and threads). */
  onProgress?(done: number, total: number): void;
  /** Rows per batch and transaction (default 200). */
  batchSize?: number;
}

export interface ReindexResult {
  posts: number;
  threads: number;
}

export async function reindexSearch(db: Db, options: ReindexOptions = {}): Promise<ReindexResult> {
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? 200));
  const [posts, threads] = await Promise.all([
    db.selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n")).where("search_version", "<", SEARCH_VERSION).executeTakeFirstOrThrow(),
    db.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).where("search_version", "<", SEARCH_VERSION).executeTakeFirstOrThrow(),
  ]);
  const total = posts.n + threads.n;
  let done = 0;
  options.onProgress?.(done, total);
  const progress = (rows: number) => {
    done = Math.min(total, done + rows);
    options.onProgress?.(done, total);
  };
  const result: ReindexResult = { posts: 0, threads: 0 };

  for (let after = 0; ; ) {
    const count = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom("posts")
        .select(["id", "body_html", (eb) => eb.selectFrom("users").select("users.locale").whereRef("users.id", "=", "posts.author_id").as("author_locale")])
        .where("search_version", "<", SEARCH_VERSION)
        .where("id", ">", after)
        .orderBy("id")
        .limit(batchSize)
        .forUpdate()
        .execute();
      if (rows.length === 0) return 0;
      const values = [];
      for (const row of rows) values.push({ id: row.id, ...bodySearchColumns(await prepareSearchText(htmlToPlainText(row.body_html), contentLanguageOf(row.author_locale))) });
      await sql`
        update posts p set language = v.language, search_config = v.search_config::regconfig, search_text = v.search_text,
          body_lexemes = v.body_lexemes, search_version = v.search_version
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          as v(id int, language text, search_config text, search_text text, body_lexemes text, search_version int)
        where p.id = v.id`.execute(tx);
      after = rows.at(-1)!.id;
      return rows.length;
    });
    if (count === 0) break;
    result.posts += count;
    progress(count);
  }

  for (let after = 0; ; ) {
    const count = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom("threads as t")
        .select([
          "t.id",
          "t.title",
          (eb) => eb.selectFrom("posts as p").select("p.search_text").whereRef("p.thread_id", "=", "t.id").orderBy("p.number").limit(1).as("opening"),
          (eb) => eb.selectFrom("users as u").select("u.locale").whereRef("u.id", "=", "t.author_id").as("author_locale"),
        ])
        .where("t.search_version", "<", SEARCH_VERSION)
        .where("t.id", ">", after)
        .orderBy("t.id")
        .limit(batchSize)
        .forUpdate()
        .execute();
      if (rows.length === 0) return 0;
      const values = [];
      for (const row of rows) values.push({ id: row.id, ...titleSearchColumns(await prepareTitle(row.title, row.opening ?? "", contentLanguageOf(row.author_locale))) });
      await sql`
        update threads t set language = v.language, search_config = v.search_config::regconfig, title_search_text = v.title_search_text,
          title_lexemes = v.title_lexemes, search_version = v.search_version
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          as v(id int, language text, search_config text, title_search_text text, title_lexemes text, search_version int)
        where t.id = v.id`.execute(tx);
      after = rows.at(-1)!.id;
      return rows.length;
    });
    if (count === 0) break;
    result.threads += count;
    progress(count);
  }
  return result;
}
