/**
 * Backup and restore with PostgreSQL's own tools: `pg_dump` in its custom format (one consistent
 * snapshot, compressed, restorable table by table) and `pg_restore`. The embedded server ships
 * no client tools, so the machine's are used (PG_BIN, else the PATH, else Debian's
 * /usr/lib/postgresql/<n>/bin); they must be at least the server's major version.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import type { Logger } from "../app/lib/logger.server";
import { StartupError } from "../app/lib/startup-error";
import { redactUrl } from "./index";
import { startEmbeddedPostgres } from "./embedded";

export interface LocatedDatabase {
  url: string;
  /** Where it came from, for messages. */
  describe: string;
  /** Stops what locating it started (an embedded server that was not running). */
  release(): Promise<void>;
}

/**
 * The database `npm start` would use: DATABASE_URL, or the embedded one in DATA_DIR. A running
 * embedded server is reached where it listens (its port changes every start and is read from
 * its postmaster.pid); a stopped one is started for the duration and stopped again.
 */
export async function locateDatabase(options: { databaseUrl?: string; dataDir: string; logger: Logger; createIfMissing?: boolean }): Promise<LocatedDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, describe: redactUrl(options.databaseUrl), release: async () => {} };
  const running = runningEmbeddedUrl(options.dataDir);
  if (running) return { url: running, describe: `the running embedded PostgreSQL in ${options.dataDir}`, release: async () => {} };
  if (!options.createIfMissing && !existsSync(path.join(options.dataDir, "pg", "PG_VERSION"))) {
    throw new StartupError(`there is no embedded database in ${options.dataDir}`, "set DATA_DIR to Gleaner's data directory, or DATABASE_URL to the database");
  }
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, database: "gleaner", logger: options.logger });
  return { url: server.url, describe: `the embedded PostgreSQL in ${options.dataDir}`, release: () => server.stop() };
}

/** postmaster.pid's lines: pid, data directory, start time, port, … (PostgreSQL's own layout). */
function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // a stale pid file: the server is not running
  }
  const password = readFileSync(path.join(dataDir, "pg-password"), "utf8").trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/gleaner`;
}

/** The major version of the server at `url`. */
async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: number }>("select current_setting('server_version_num')::int as v");
    return Math.floor(rows[0]!.v / 10_000);
  } finally {
    await client.end();
  }
}

/** A client tool (pg_dump, pg_restore) at least as new as the server. */
export async function findClientTool(name: "pg_dump" | "pg_restore", url: string): Promise<string> {
  const need = await serverMajor(url);
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(path.join(process.env.PG_BIN, name));
  candidates.push(name);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, "bin", name));
  }
  const found: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    const major = Number(/(\d+)(?:\.\d+)?/.exec(probe.stdout ?? "")?.[1]);
    if (probe.status !== 0 || !major) continue;
    if (major >= need) return candidate;
    found.push(`${candidate} ${major}`);
  }
  throw new StartupError(
    found.length ? `${name} is older than the server (PostgreSQL ${need}): found ${found.join(", ")}` : `${name} was not found`,
    `install PostgreSQL ${need} (or newer) client tools (Debian: apt-get install postgresql-client-${need}), or set PG_BIN to their directory`,
  );
}

/** Tables in the database, to count progress by. */
async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

type OnProgress = (done: number, total: number, what: string) => void;

/** The URL for a client tool's command line, and its password in the environment (not in `ps`). */
function forClientTool(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs a client tool with --verbose and reports each line matching `step` as progress. */
function runWithProgress(tool: string, args: string[], env: NodeJS.ProcessEnv, step: RegExp, total: number, onProgress: OnProgress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ["--verbose", ...args], { stdio: ["ignore", "inherit", "pipe"], env });
    const errors: string[] = [];
    let done = 0;
    createInterface({ input: child.stderr! }).on("line", (line) => {
      const match = step.exec(line);
      if (match) onProgress(++done, Math.max(total, done), match[1] ?? "");
      else if (/error|fatal/i.test(line)) errors.push(line);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(tool)} failed (exit ${code}): ${errors.slice(-5).join(" | ") || "see its output above"}`));
    });
  });
}

/** Writes a consistent dump of the database at `url` to `file` (pg_dump custom format). */
export async function dumpDatabase(url: string, file: string, onProgress: OnProgress): Promise<{ tables: number }> {
  const pgDump = await findClientTool("pg_dump", url);
  const tables = await tableCount(url);
  // No owners or grants: a dump must restore into any server, as whichever user restores it.
  const { dbname, env } = forClientTool(url);
  // Written aside and renamed when complete: a failed or interrupted backup never leaves a
  // truncated file under the name a restore would trust. Only its owner may read it: it holds
  // e-mail addresses and password hashes.
  const partial = `${file}.partial`;
  try {
    await runWithProgress(pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${dbname}`], env, /dumping contents of table "([^"]+)"/, tables, onProgress);
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { tables };
}

/** The tables in a database that make it "not empty" for a restore. */
export async function userTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select schemaname || '.' || tablename as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1",
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

/** Restores `file` into the empty database at `url`, all or nothing. */
export async function restoreDatabase(url: string, file: string, onProgress: OnProgress): Promise<{ items: number }> {
  const pgRestore = await findClientTool("pg_restore", url);
  const existing = await userTables(url);
  if (existing.length > 0) {
    throw new StartupError(
      `the target database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(", ")})`,
      "restore into a new DATA_DIR or an empty database (createdb), then point Gleaner at it",
    );
  }
  const list = spawnSync(pgRestore, ["--list", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (list.status !== 0) throw new StartupError(`${file} is not a pg_dump custom-format file (${list.stderr.trim().split("\n")[0]})`, "pass a file written by npm run backup");
  const items = list.stdout.split("\n").filter((l) => l.trim() && !l.startsWith(";")).length;
  const { dbname, env } = forClientTool(url);
  await runWithProgress(
    pgRestore,
    ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${dbname}`, file],
    env,
    /pg_restore: (?:creating|processing data for|executing|setting) (.+)/,
    items,
    onProgress,
  );
  return { items };
}
