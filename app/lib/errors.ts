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
