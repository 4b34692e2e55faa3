import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readFormBody, readJsonBody, readBodyText } from "./body.server";
import { AppError, explainError, msg } from "./errors";
import { currentErrorLocale, errorIn, errorLocaleFor } from "./error-text.server";
import type { RenderLocale } from "../i18n/locales";
import { fieldErrorMap } from "./validation";
import { actorFor } from "../services/auth.server";
import { fingerprintOf, parseIdempotencyKey, runIdempotently } from "../services/idempotency.server";

export const MAX_JSON_BYTES = 64 * 1024;

export function jsonResponse(data: unknown, init: number | ResponseInit = 200): Response {
  const { status, headers } = typeof init === "number" ? { status: init, headers: undefined } : init;
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(data), { status: status ?? 200, headers: h });
}

/**
 * The API's error format, `{ error: { code, message, ...details } }`: the message and the field
 * messages in `locale` (English without one); the code is for machines and never translated.
 */
export function errorResponse(error: AppError, locale: RenderLocale = "en"): Response {
  const text = errorIn(locale, error);
  const body: { code: string; message: string; fields?: unknown; [k: string]: unknown } = {
    code: error.code,
    message: text.message,
  };
  if (error.details) Object.assign(body, error.details);
  if (text.fields) body.fields = text.fields;
  return jsonResponse({ error: body }, { status: error.status, headers: error.headers });
}

/** A refusal answered in the request's language (the member's setting, cookie, Accept-Language, community default). */
export async function localizedErrorResponse(error: AppError, args: Pick<ActionFunctionArgs, "request" | "context">): Promise<Response> {
  return errorResponse(error, await errorLocaleFor(args.request, args.context?.app, error));
}

const notAllowed = (allow: string) => new AppError(405, "method_not_allowed", msg("http.methodNotAllowed", { allow }), undefined, { Allow: allow });

/** Form posts from pages: small (a reply is at most 32 KB of Markdown). */
export const MAX_FORM_BYTES = 256 * 1024;

/**
 * Reads a JSON body with a size cap on the bytes actually read (chunked bodies included) and a
 * nesting limit. Malformed JSON is the client's mistake (400), an oversize body is 413, and
 * neither ever reaches a service.
 */
export function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  return readJsonBody(request, maxBytes);
}

/** A page's form post, read with a cap: use this rather than `request.formData()`, which has none. */
export function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  return readFormBody(request, maxBytes);
}

type Handler = (args: ActionFunctionArgs) => Promise<Response>;

/** Turns what a handler throws into the API's JSON error format; only real bugs become 500s. */
async function guarded(args: ActionFunctionArgs, handler: Handler): Promise<Response> {
  try {
    return await handler(args);
  } catch (error) {
    if (error instanceof Response) return error;
    const explained = explainError(error);
    if (explained) return localizedErrorResponse(explained, args);
    args.context.app.logger.error("unhandled error in API route", { url: args.request.url, error });
    const internal = new AppError(500, "internal", msg("http.internal"));
    return localizedErrorResponse(internal, args);
  }
}

/** A resource route's loader: GET (and HEAD) only. */
export function apiLoader(handler: (args: LoaderFunctionArgs) => Promise<Response>) {
  return (args: LoaderFunctionArgs) => guarded(args as ActionFunctionArgs, handler as Handler);
}

/** A resource route's action, dispatched by method; other methods get 405 with an Allow header. */
export function apiAction(handlers: Partial<Record<"POST" | "PUT" | "PATCH" | "DELETE", Handler>>) {
  return (args: ActionFunctionArgs) => {
    const handler = handlers[args.request.method.toUpperCase() as keyof typeof handlers];
    if (!handler) return localizedErrorResponse(notAllowed(Object.keys(handlers).join(", ")), args);
    return guarded(args, (a) => idempotently(a, (b) => guarded(b, handler)));
  };
}

/** Headers of a stored answer worth replaying (never a Set-Cookie). */
const REPLAYED_HEADERS = ["content-type", "location", "cache-control"];

/**
 * Every API write honours `Idempotency-Key` (see services/idempotency.server.ts): a signed-in
 * client that sends the same key again gets the first 2xx answer, marked `Idempotent-Replayed`.
 * Anonymous writes ignore the key: keys belong to a user, or one client could replay another's.
 */
async function idempotently(args: ActionFunctionArgs, handler: Handler): Promise<Response> {
  const { request, context } = args;
  const key = parseIdempotencyKey(request.headers.get("Idempotency-Key"));
  if (!key) return handler(args);
  const actor = await actorFor(request, context.app);
  if (!actor) return handler(args);
  const url = new URL(request.url);
  // The same cap as the handler's own read: a key must not be a way around it.
  const body = await readBodyText(request.clone(), MAX_JSON_BYTES);
  let first: Response | undefined;
  const result = await runIdempotently(
    context.app.db,
    { userId: actor.id, key, fingerprint: fingerprintOf(request.method, url.pathname + url.search, body) },
    async () => {
      first = await handler(args);
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = first.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: first.status, headers, body: await first.clone().text() };
    },
  );
  if (!result.replayed && first) return first;
  const headers = new Headers(result.headers);
  headers.set("Idempotent-Replayed", "true");
  return new Response(result.status === 204 ? null : result.body, { status: result.status, headers });
}

/**
 * For resource routes that answer only writes (or only reads): the other kind of request gets
 * the API's 405 with an Allow header instead of Remix's generic error.
 */
export function methodNotAllowed(allow: string) {
  return async (args?: Pick<ActionFunctionArgs, "request" | "context">): Promise<Response> =>
    args?.request ? localizedErrorResponse(notAllowed(allow), args) : errorResponse(notAllowed(allow));
}

/** Form posts from pages: field errors come back as data for the form, not as a thrown error. */
export interface FormFailure {
  ok: false;
  message: string;
  fields: Record<string, string>;
}

export async function formAction<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; status: number; failure: FormFailure }> {
  try {
    return { ok: true, value: await run() };
  } catch (caught) {
    // A refusal, or the database briefly away (503): the form shows why and keeps what was typed.
    const error = explainError(caught);
    if (error && (error.status < 500 || error.status === 503)) {
      // In the language of the request being answered (formAction is not handed it).
      const text = errorIn(await currentErrorLocale(undefined, error), error);
      return {
        ok: false,
        status: error.status,
        failure: { ok: false, message: text.message, fields: fieldErrorMap(text.fields) },
      };
    }
    throw caught;
  }
}

export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") out[key] = value;
  return out;
}

export function userAgentOf(request: Request): string | null {
  return request.headers.get("User-Agent");
}

/** The hidden field forms that create content carry (a fresh value per rendered form). */
export const FORM_IDEMPOTENCY_FIELD = "idempotencyKey";

/**
 * A page form's write, run once per key: a browser that submits the same rendered form twice
 * (a double click, a retry after a timeout, "resend the form?") writes once, and the second
 * submission gets the first one's result. Without a key, or signed out, it simply runs.
 */
export async function onceForForm<T>(request: Request, context: ActionFunctionArgs["context"], fields: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const key = parseIdempotencyKey(request.headers.get("Idempotency-Key") ?? fields[FORM_IDEMPOTENCY_FIELD]);
  const actor = key ? await actorFor(request, context.app) : null;
  if (!key || !actor) return run();
  const { [FORM_IDEMPOTENCY_FIELD]: _key, ...asked } = fields;
  const url = new URL(request.url);
  const fingerprint = fingerprintOf(request.method, url.pathname, JSON.stringify(asked, Object.keys(asked).sort()));
  const result = await runIdempotently(context.app.db, { userId: actor.id, key, fingerprint }, async () => ({
    status: 200,
    headers: {},
    body: JSON.stringify(await run()),
  }));
  return JSON.parse(result.body) as T;
}
