/**
 * `npm test`: builds the app (the HTTP and browser tests run the real build), makes sure a
 * Chromium is there for the end-to-end tests, then runs the whole vitest suite.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { CHROMIUM_PATH } from "../tests/helpers/chromium-path";

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: "inherit" });
  return result.status ?? 1;
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Chromium for the end-to-end tests (Debian package)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  }
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}

/** The backup tests run the machine's pg_dump and pg_restore (the embedded server ships none). */
function ensurePostgresClient(): void {
  if (spawnSync("pg_dump", ["--version"]).status === 0) return;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Installing PostgreSQL client tools for the backup tests (Debian package)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql-client"], { stdio: "inherit", env });
  }
  if (spawnSync("pg_dump", ["--version"]).status !== 0) {
    console.error("No pg_dump on this machine: install PostgreSQL's client tools (apt-get install postgresql-client) or set PG_BIN.");
    process.exit(1);
  }
}

ensureChromium();
ensurePostgresClient();
const built = run(path.resolve("node_modules/.bin/remix"), ["build"]);
if (built !== 0) process.exit(built);
// The server bundle `npm start` runs: the tests that start it must find it made, not race to make it.
const bundled = run(process.execPath, ["scripts/bundle-server.mjs"]);
if (bundled !== 0) process.exit(bundled);
process.exit(run(path.resolve("node_modules/.bin/vitest"), ["run", ...process.argv.slice(2)]));
