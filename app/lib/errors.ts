/**
 * Every failure a user can cause is an AppError: it carries the HTTP status and a stable code,
 * and its message is safe to show. Anything else that escapes is a bug and becomes a 500.
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "invalid_credentials"
  | "forbidden"
  | "suspended"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "validation_failed"
  | "rate_limited"
  | "unavailable"
  | "internal";

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A global brand rather than instanceof: the Remix bundle and the server (tsx) each load their
 * own copy of this module, and an error thrown by one must still be recognised by the other.
 */
const APP_ERROR = Symbol.for("gleaner.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldError[]; [key: string]: unknown },
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string) => new AppError(400, "bad_request", message);
export const unauthorized = (message = "You need to log in to do that.") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do that.") => new AppError(403, "forbidden", message);
export const notFound = (message = "Not found.") => new AppError(404, "not_found", message);
export const conflict = (message: string, fields?: FieldError[]) =>
  new AppError(409, "conflict", message, fields ? { fields } : undefined);
export const payloadTooLarge = (message: string) => new AppError(413, "payload_too_large", message);
export const validationFailed = (fields: FieldError[]) =>
  new AppError(
    422,
    "validation_failed",
    fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join("; "),
    { fields },
  );

export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[APP_ERROR] === true;
}

/** PostgreSQL's unique_violation, with the constraint (index) name that tripped. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string };
  return e?.code === "23505" ? (e.constraint ?? "") : null;
}

/** Seconds a client is asked to wait when the service is briefly unable to serve (503). */
export const UNAVAILABLE_RETRY_AFTER = 5;

/** A passing inability to serve (the database restarting, the render pool full): 503 with Retry-After. */
export function unavailable(message: string, retryAfter = UNAVAILABLE_RETRY_AFTER): AppError {
  return new AppError(503, "unavailable", message, { retryAfter }, { "Retry-After": String(retryAfter) });
}

/**
 * SQLSTATE classes and codes that mean "the database cannot serve right now", not "this request
 * is wrong": a connection exception (08…), the server shutting down or starting (57P01–57P03),
 * too many connections (53300), and a cluster in recovery (57P04 is unused; 25006 is a read-only
 * standby after a failover).
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "25006"]);
const UNAVAILABLE_SYSCALLS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** node-postgres reports a cut socket and a pool that cannot connect in time by message only. */
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end/;

/** Whether an error says the database is unreachable or restarting (worth a retry), not that a query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SYSCALLS.has(code))) return true;
  return typeof message === "string" && UNAVAILABLE_MESSAGES.test(message);
}

export const databaseUnavailable = () =>
  unavailable("The database is not reachable right now (it may be restarting). Nothing was lost; try again in a few seconds.");

/** The AppError a client should see for `error`, when it is one we can explain; null for real bugs. */
export function explainError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return null;
}
