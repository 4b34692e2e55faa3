import { execFileSync } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { createDb } from "../db/index";
import { ensureLexicons } from "../app/lib/text/lexicon";
import { toActor } from "../app/services/auth.server";
import { createEventBus } from "../app/services/events";
import { startJobQueue } from "../app/jobs/job-queue.server";
import { createLogger } from "../app/lib/logger.server";
import { searchThreads } from "../app/services/search.server";
import { figuresTable, mistakes, runRelevanceSet, type PairOutcome } from "../tests/helpers/search-relevance";
import type { Benchmark } from "./types";

/** Recall and precision on the relevance set (tests/fixtures/search-relevance), and the cost of indexing and searching it. */
export async function evaluateRelevance(databaseUrl: string): Promise<{ outcomes: PairOutcome[]; indexMs: number; searchMs: number }> {
  await ensureLexicons();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const actor = async (handle: string) => toActor(await db.selectFrom("users").selectAll().where(sql`lower(handle)`, "=", handle).executeTakeFirstOrThrow(), "session");
    const category = await db.selectFrom("categories").select("id").where("slug", "=", "getting-started").executeTakeFirstOrThrow();
    const started = performance.now();
    const jobs = await startJobQueue({ databaseUrl, logger: createLogger("warn") });
    const outcomes = await runRelevanceSet({ db, events: createEventBus(), jobs }, await actor("alice"), await actor("bob"), category.id).finally(() => jobs.stop());
    const total = performance.now() - started;
    // Searches again, warm, to tell their cost from the indexing's.
    const searchStarted = performance.now();
    for (const o of outcomes) await searchThreads(db, null, { q: o.q, limit: 50 });
    const searchMs = (performance.now() - searchStarted) / outcomes.length;
    return { outcomes, indexMs: total - searchMs * outcomes.length, searchMs };
  } finally {
    await db.destroy();
  }
}

/** Measured on the commit before search normalised text in the application (PostgreSQL's configurations, Chinese one character per token). */
const BEFORE = `| language | pairs (positive / negative) | recall | precision |
|---|---|---|---|
| en | 27 / 10 | 100 % (27/27) | 100 % (0 false hits) |
| sv | 83 / 18 | 61 % (51/83) | 93 % (4 false hits) |
| no | 72 / 16 | 65 % (47/72) | 94 % (3 false hits) |
| zh | 39 / 10 | 100 % (39/39) | 91 % (4 false hits) |
| all | 221 / 54 | 74 % (164/221) | 94 % (11 false hits) |`;

/** The memory and first-use time of each part of the analysis, measured in a fresh process. */
function loadCosts(): string {
  const out = execFileSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("bench/search-memory.ts")], { encoding: "utf8" });
  const steps = JSON.parse(out.trim().split("\n").at(-1)!) as { step: string; ms: number; rssMb: number }[];
  return [
    "| loaded on first use | first use | resident memory added |",
    "|---|---:|---:|",
    ...steps.map((s) => `| ${s.step} | ${s.ms.toFixed(0)} ms | ${s.rssMb.toFixed(0)} MB |`),
  ].join("\n");
}

export const searchRelevanceBenchmark: Benchmark = {
  name: "Search relevance",
  async run(env) {
    const { outcomes, indexMs, searchMs } = await evaluateRelevance(env.databaseUrl);
    const wrong = mistakes(outcomes);
    return [
      "The relevance set in `tests/fixtures/search-relevance` (query/document pairs per language, positives and negatives; see its README): all documents of all languages in one community, every query against all of them. Recall is found positives over positives; precision is found positives over all found pairs. `npm run eval:search` prints the same table.",
      "",
      "Now:",
      "",
      figuresTable(outcomes),
      "",
      wrong.length ? wrong.map((w) => `- ${w}`).join("\n") : "No pair judged wrongly.",
      "",
      `Writing the ${new Set(outcomes.map((o) => `${o.language}:${o.doc}`)).size} threads (language identification, analysis, insert) took ${indexMs.toFixed(0)} ms in all, the first including loading eld, the word lists and jieba; a search ${searchMs.toFixed(1)} ms on average (warm, snippets included).`,
      "",
      "What the analysis costs a server process, loaded lazily (nothing at start-up; searches never load eld):",
      "",
      loadCosts(),
      "",
      "Before (search by PostgreSQL's `english`/`swedish`/`norwegian` configurations with the prefix fallback, Chinese one character per token; measured once on the same set):",
      "",
      BEFORE,
      "",
      "The misses before: Swedish definite forms (\"lösenord\" → \"lösenordet\", \"konto\" → \"kontot\", \"kort\" → \"kortet\": no plain -t/-et in the stemmer) and plurals (\"faktura\" ↔ \"fakturor\"), Norwegian \"kode\", \"betaling\", \"bruker\" in their compounds, compound parts in both (\"korg\" in \"kundkorgen\", \"adresse\", \"kurv\", \"leverans\"/\"tid\" in \"leveranstiden\"), irregular plurals (\"bok\" ↔ \"böcker\"/\"bøkene\", \"hånd\" ↔ \"hendene\", \"fot\", \"tann\"); false hits: \"会议\" in \"社会议题\", \"国人\" in \"中国人民\", \"研究生\" (graduate student) in \"研究生命科学\" (researching life sciences), and short words found by the four-letter prefix fallback (\"hund\" in \"hundratals\", \"filt\" in \"filtret\", \"rout\" in \"routern\"), or by the stemmer (\"ord\" in \"ordern\"). The prefix fallback, which runs only when nothing matched exactly, found some inflections before when no other post matched.",
    ].join("\n");
  },
};
