/**
 * The server process `npm start` runs, bundled to build/server/serve.mjs by
 * scripts/bundle-server.mjs so production runs plain JavaScript: no TypeScript loader in the
 * process (tsx held about 150 MB of resident memory and slowed the first answer), one copy of
 * our code per role. scripts/start.mjs builds it when it is missing or stale, then imports it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { isStartupError } from "../app/lib/startup-error";
import { missingLexicons } from "../app/lib/text/lexicon";
import { productionEnvironment } from "./start-env";

/** The word lists search needs, built in a process of their own: it takes a few hundred MB for a few seconds. */
function ensureLexicons(): void {
  if (missingLexicons().length === 0) return;
  console.log("Building the search word lists…");
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/build-lexicon.ts"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

try {
  productionEnvironment(process.env);
} catch (error) {
  if (!isStartupError(error)) throw error;
  console.error(`Gleaner could not start: ${error.reason}.\n  Fix: ${error.remedy}.`);
  process.exit(1);
}
ensureLexicons();
// Imported only now: React reads NODE_ENV once, when it is first loaded.
const { runGleanerProcess } = await import("../server");
await runGleanerProcess();
