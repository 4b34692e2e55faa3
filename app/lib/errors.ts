import englishErrors from "../i18n/catalogs/en/errors.json";

/**
 * Every failure a user can cause is an AppError: it carries the HTTP status and a stable code,
 * and its message is safe to show. Anything else that escapes is a bug and becomes a 500.
 *
 * Messages are never written as text here: each names a key of the `errors` catalog (with its
 * parameters), so the HTTP layer can say it in the reader's language. `error.message` is the
 * English text, rendered from the English catalog when the error is made (logs, tests and code
 * that reads it keep working).
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

/** A parameter of a message: text and numbers as they are, dates formatted for the reader. */
export type MessageParam = string | number | Date | Message;

/** A message of the `errors` catalog: its key and parameters (a `count` picks the plural form; a parameter may be a message itself). */
export interface Message {
  key: string;
  params?: Record<string, MessageParam>;
}

export const msg = (key: string, params?: Record<string, MessageParam>): Message => (params ? { key, params } : { key });

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const ENGLISH_PLURALS = new Intl.PluralRules("en");

/** English shows dates as ISO days (2026-12-08), as it always has. */
const englishParam = (value: MessageParam): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === "object" ? englishOf(value) : String(value);

/** The English text of a message, as i18next renders it from the English catalog. */
export function englishOf(message: Message): string {
  const params = message.params ?? {};
  const tree = englishErrors as unknown as Tree;
  const count = params.count;
  const template =
    (typeof count === "number" ? lookup(tree, `${message.key}_${ENGLISH_PLURALS.select(count)}`) ?? lookup(tree, `${message.key}_other`) : undefined) ??
    lookup(tree, message.key);
  if (template === undefined) return message.key;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (name in params ? englishParam(params[name]!) : whole));
}

/** A field's problem: `message` is the English text, `msg` what it is in the catalog. */
export interface FieldError {
  field: string;
  message: string;
  msg?: Message;
}

export const fieldError = (field: string, message: Message): FieldError => ({ field, message: englishOf(message), msg: message });

/**
 * A global brand rather than instanceof: the Remix bundle and the server bundle each load their
 * own copy of this module, and an error thrown by one must still be recognised by the other.
 */
const APP_ERROR = Symbol.for("gleaner.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly msg: Message,
    readonly details?: { fields?: FieldError[]; [key: string]: unknown },
    readonly headers?: Record<string, string>,
  ) {
    super(renderError({ msg, details }, englishOf).message);
    this.name = "AppError";
  }
}

/** The key of a 422's overall message, which is made of its fields' messages. */
export const FIELDS_MESSAGE = "validation.fields";

/**
 * An error's message and field messages, each rendered by `render` (English, or the reader's
 * language). A 422 says "field: problem; field: problem", joined by catalog messages too.
 */
export function renderError(
  error: { msg: Message; details?: { fields?: FieldError[] } },
  render: (message: Message) => string,
): { message: string; fields?: { field: string; message: string }[] } {
  const fields = error.details?.fields?.map((f) => ({ field: f.field, message: f.msg ? render(f.msg) : f.message }));
  if (error.msg.key !== FIELDS_MESSAGE || !fields) return { message: render(error.msg), fields };
  const parts = fields.map((f) => (f.field ? render(msg("validation.field", { field: f.field, problem: f.message })) : f.message));
  const message = parts.length ? parts.reduce((before, after) => render(msg("validation.join", { before, after }))) : "";
  return { message, fields };
}

export const badRequest = (message: Message) => new AppError(400, "bad_request", message);
export const unauthorized = (message = msg("http.unauthorized")) => new AppError(401, "unauthorized", message);
export const forbidden = (message = msg("http.forbidden")) => new AppError(403, "forbidden", message);
export const notFound = (message = msg("http.notFound")) => new AppError(404, "not_found", message);
export const conflict = (message: Message, fields?: FieldError[]) =>
  new AppError(409, "conflict", message, fields ? { fields } : undefined);
export const payloadTooLarge = (message: Message) => new AppError(413, "payload_too_large", message);
/** The 422 message lists every field's problem; its parts are translated one by one. */
export const validationFailed = (fields: FieldError[]) => new AppError(422, "validation_failed", msg(FIELDS_MESSAGE), { fields });

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
export function unavailable(message: Message, retryAfter = UNAVAILABLE_RETRY_AFTER): AppError {
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
  unavailable(msg("http.databaseUnavailable"));

/** The AppError a client should see for `error`, when it is one we can explain; null for real bugs. */
export function explainError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return null;
}
