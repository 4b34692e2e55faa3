import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { ensureDataDir } from "./data-dir.server";
import { StartupError } from "./startup-error";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Config {
  nodeEnv: string;
  isProduction: boolean;
  port: number;
  host: string;
  /** Unset means "run the embedded PostgreSQL in dataDir". */
  databaseUrl: string | undefined;
  dataDir: string;
  /** First secret signs new cookies; the rest still verify old ones (rotation). */
  sessionSecrets: string[];
  redisUrl: string | undefined;
  logLevel: LogLevel;
  /** Extra origins allowed to open sockets and send writes (e.g. a public URL behind a proxy). */
  allowedOrigins: string[];
  /** Cookies get `Secure` when the site is served over https. */
  secureCookies: boolean;
  /** RATE_LIMITS=off turns rate limiting off (load tests, benchmarks). */
  rateLimits: boolean;
  /** SHUTDOWN_GRACE_MS: how long requests in flight may finish after SIGTERM. */
  shutdownGraceMs: number;
  /** JOB_WORKERS=off: this node serves requests but runs no background jobs (they still get enqueued). */
  jobWorkers: boolean;
  /**
   * TRUST_PROXY: which proxies' X-Forwarded-For/-Proto to believe, as Express reads it
   * ("loopback", a list of addresses or subnets, or a hop count). Unset: none.
   */
  trustProxy: string | number | undefined;
}


const LOG_LEVELS: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`PORT must be an integer between 0 and 65535, got "${raw}"`, "set PORT to a free port number, or leave it unset for 3000");
  }
  return port;
}

function parseTrustProxy(raw: string | undefined): string | number | undefined {
  if (raw === undefined || raw.trim() === "" || raw === "false") return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  return raw.trim();
}

function parseMilliseconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000) throw new StartupError(`${name} must be a whole number of milliseconds, got "${raw}"`, `set ${name} to e.g. 10000, or leave it unset`);
  return ms;
}

/**
 * Outside production a missing SESSION_SECRET is generated once and kept in DATA_DIR, so
 * sessions survive restarts without anyone having to invent a secret for a local trial.
 */
function resolveSessionSecrets(env: NodeJS.ProcessEnv, dataDir: string, isProduction: boolean): string[] {
  const configured = env.SESSION_SECRET?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  if (configured.length > 0) return configured;
  if (isProduction) {
    throw new StartupError("SESSION_SECRET is required when NODE_ENV=production", "set SESSION_SECRET to a long random string (comma-separated to rotate)");
  }
  return [persistedSessionSecret(dataDir)];
}

/**
 * The session secret kept in DATA_DIR (generated on first use, readable by this user only).
 * `npm start` uses it when SESSION_SECRET is unset, so a production-mode trial needs no setup and
 * its sessions survive restarts.
 */
export function persistedSessionSecret(dataDir: string): string {
  ensureDataDir(dataDir);
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** 127.0.0.1 (and the rest of 127/8), ::1 and localhost: a browser reaches these over plain http. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? "development";
  const isProduction = nodeEnv === "production";
  const dataDir = path.resolve(env.DATA_DIR || "./data");
  const logLevel = (env.LOG_LEVEL ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new StartupError(`LOG_LEVEL "${logLevel}" is not a level`, `set LOG_LEVEL to one of ${LOG_LEVELS.join(", ")}`);
  }
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/$/, ""))
    .filter(Boolean);
  const host = env.HOST || "127.0.0.1";
  return {
    nodeEnv,
    isProduction,
    port: parsePort(env.PORT, 3000),
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    sessionSecrets: resolveSessionSecrets(env, dataDir, isProduction),
    redisUrl: env.REDIS_URL || undefined,
    logLevel,
    allowedOrigins,
    // A browser drops Secure cookies set over http: on a loopback host (plain http) production
    // leaves them off unless SECURE_COOKIES=true says the site is reached over https (a proxy).
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === "true" : isProduction && !isLoopbackHost(host),
    rateLimits: env.RATE_LIMITS !== "off",
    shutdownGraceMs: parseMilliseconds("SHUTDOWN_GRACE_MS", env.SHUTDOWN_GRACE_MS, 10_000),
    jobWorkers: env.JOB_WORKERS !== "off",
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
