/** What every benchmark gets: a fresh, migrated, demo-seeded database (and Redis when there is one). */
export interface BenchEnvironment {
  databaseUrl: string;
  redisUrl: string | undefined;
}

/** A benchmark measures, prints its progress, and returns its section of bench/report.md (Markdown). */
export interface Benchmark {
  name: string;
  run(env: BenchEnvironment): Promise<string>;
}
