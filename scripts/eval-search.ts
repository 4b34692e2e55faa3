/**
 * `npm run eval:search`: loads the relevance set (tests/fixtures/search-relevance) into a
 * throwaway database and prints recall and precision per language, with each miss and false
 * hit. Uses BENCH_DATABASE_URL / TEST_DATABASE_URL / DATABASE_URL's server when set (a new
 * database is created there and dropped), else an embedded PostgreSQL.
 */
import { sql } from "kysely";
import { createBenchDatabase } from "../bench/lib/database";
import { createDb } from "../db/index";
import { toActor } from "../app/services/auth.server";
import { createEventBus } from "../app/services/events";
import { figures, RELEVANCE_LANGUAGES, runRelevanceSet } from "../tests/helpers/search-relevance";

const database = await createBenchDatabase();
const db = createDb(database.url, { poolSize: 2 });
try {
  const actor = async (handle: string) => toActor(await db.selectFrom("users").selectAll().where(sql`lower(handle)`, "=", handle).executeTakeFirstOrThrow(), "session");
  const category = await db.selectFrom("categories").select("id").where("slug", "=", "getting-started").executeTakeFirstOrThrow();
  const outcomes = await runRelevanceSet({ db, events: createEventBus() }, await actor("alice"), await actor("bob"), category.id);
  const table = figures(outcomes);
  const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
  console.log("| language | pairs (positive / negative) | recall | precision |");
  console.log("|---|---|---|---|");
  for (const language of [...RELEVANCE_LANGUAGES, "all"] as const) {
    const f = table[language];
    console.log(`| ${language} | ${f.positives} / ${f.negatives} | ${percent(f.recall)} (${f.found}/${f.positives}) | ${percent(f.precision)} (${f.falseHits} false hits) |`);
  }
  const wrong = outcomes.filter((o) => o.found !== o.relevant);
  if (wrong.length > 0) {
    console.log("");
    for (const o of wrong) console.log(`${o.language} ${o.relevant ? "missed" : "false hit"}: "${o.q}" → ${o.doc} (${o.why})`);
  }
} finally {
  await db.destroy();
  await database.drop();
}
