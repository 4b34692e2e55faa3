/**
 * `npm run eval:search`: loads the relevance set (tests/fixtures/search-relevance) into a
 * throwaway database and prints recall and precision per language, with each miss and false
 * hit. Uses BENCH_DATABASE_URL / TEST_DATABASE_URL / DATABASE_URL's server when set (a new
 * database is created there and dropped), else an embedded PostgreSQL.
 */
import { createBenchDatabase } from "../bench/lib/database";
import { evaluateRelevance } from "../bench/search-relevance";
import { figuresTable, mistakes } from "../tests/helpers/search-relevance";

const database = await createBenchDatabase();
try {
  const { outcomes } = await evaluateRelevance(database.url);
  console.log(figuresTable(outcomes));
  const wrong = mistakes(outcomes);
  if (wrong.length > 0) console.log(`\n${wrong.join("\n")}`);
} finally {
  await database.drop();
}
