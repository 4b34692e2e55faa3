import { sql } from "kysely";
import type { Db } from "../../db/index";
import { seedScale, type ScaleSeedSummary } from "../../db/seed/scale/index";
import { createProgress } from "../../db/seed/scale/progress";

/** Threads in the bench database: 100,000 by default, about 1,000,000 posts (the search scale). */
export const BENCH_SCALE = Number(process.env.BENCH_SCALE ?? 100_000);

let seeded: Promise<ScaleSeedSummary> | null = null;

/**
 * The scale seed, loaded once per `npm run bench` however many benchmarks need it: loading
 * takes minutes, and the benchmarks that use it read (or, like the harvest, only add to) it.
 */
export function scaleSeeded(databaseUrl: string, db: Db): Promise<ScaleSeedSummary> {
  seeded ??= (async () => {
    console.log(`  seeding ${BENCH_SCALE.toLocaleString("en")} threads (npm run seed -- --scale ${BENCH_SCALE})…`);
    const summary = await seedScale({ url: databaseUrl, db, scale: BENCH_SCALE, verifySample: 0, progress: createProgress({ stream: process.stderr }) });
    await sql`analyze`.execute(db);
    return summary;
  })();
  return seeded;
}
