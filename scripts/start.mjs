/**
 * `npm start`: builds what is missing or older than the sources (the Remix build, the server
 * bundle), then runs the server bundle in this very process. A fresh clone needs nothing else.
 *
 * Plain JavaScript, so production runs without a TypeScript loader. package.json runs it as
 * `exec node scripts/start.mjs`: `exec` makes npm's child the server process itself (not a shell
 * that would swallow SIGTERM), so SIGTERM to npm reaches the server, which stops everything and
 * exits 0, and npm exits with it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Before anything loads React, which picks its development or production build once.
process.env.NODE_ENV ||= "production";

const SERVER_BUNDLE = path.resolve("build/server/serve.mjs");

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(what, command, args) {
  console.log(what);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Tests that run `npm start` must not rebuild what other tests are serving meanwhile: with
// GLEANER_SKIP_BUILD=1 only a missing build is made.
const skipStale = process.env.GLEANER_SKIP_BUILD === "1";
const remixBuilt = builtAt("build/index.js");
if (!remixBuilt || (!skipStale && remixBuilt < Math.max(newestMtime("app"), newestMtime("remix.config.js")))) {
  run("Building Gleaner…", path.resolve("node_modules/.bin/remix"), ["build"]);
}
const serverBuilt = builtAt(SERVER_BUNDLE);
if (!serverBuilt || (!skipStale && serverBuilt < Math.max(...["app", "db", "server.ts", "scripts", "tsconfig.json"].map(newestMtime)))) {
  run("Building the server…", process.execPath, ["scripts/bundle-server.mjs"]);
}

await import(pathToFileURL(SERVER_BUNDLE).href);
