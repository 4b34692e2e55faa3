/**
 * `npm start`: builds the app when the build is missing or older than the sources, then starts
 * the server. A fresh clone needs nothing else.
 *
 * package.json runs this as `exec node --import tsx …`: `exec` makes npm's child the server
 * process itself (not a shell that would swallow SIGTERM), and tsx as an import hook keeps it one
 * process (the tsx command would run the server in a child of its own). So SIGTERM to npm reaches
 * the server, which stops everything and exits 0, and npm exits with it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isStartupError } from "../app/lib/startup-error";
import { missingLexicons } from "../app/lib/text/lexicon";
import { productionEnvironment } from "./start-env";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The word lists search needs, built in a process of their own: it takes a few hundred MB for a few seconds. */
function ensureLexicons(): void {
  if (missingLexicons().length === 0) return;
  console.log("Building the search word lists…");
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/build-lexicon.ts"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function ensureBuild(): void {
  // Tests that run `npm start` must not rebuild the bundle other tests are serving meanwhile.
  if (process.env.GLEANER_SKIP_BUILD === "1") return;
  const built = existsSync("build/index.js") ? statSync("build/index.js").mtimeMs : 0;
  const sources = Math.max(newestMtime("app"), statSync("remix.config.js").mtimeMs);
  if (built >= sources) return;
  console.log("Building Gleaner…");
  const result = spawnSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

try {
  productionEnvironment(process.env);
} catch (error) {
  if (!isStartupError(error)) throw error;
  console.error(`Gleaner could not start: ${error.reason}.\n  Fix: ${error.remedy}.`);
  process.exit(1);
}
ensureBuild();
ensureLexicons();
// Imported only now: React reads NODE_ENV once, when it is first loaded.
const { runGleanerProcess } = await import("../server");
await runGleanerProcess();
