import { redirect } from "@remix-run/node";
import { explainError } from "./errors";
import { currentErrorLocale, errorIn } from "./error-text.server";

/**
 * Runs a page loader's work and maps refusals to what a browser user expects: a 401 sends them
 * to the login page (and back afterwards), other refusals render the error page with the status
 * and the guardian's reason, and a database that is briefly away renders a 503 with Retry-After.
 */
export async function forPage<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (caught) {
    const error = explainError(caught);
    if (error) {
      if (error.status === 401) {
        const url = new URL(request.url);
        throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      }
      if (error.status < 500 || error.status === 503) {
        const { message } = errorIn(await currentErrorLocale(request, error), error);
        throw new Response(message, { status: error.status, statusText: error.code, headers: error.headers });
      }
    }
    throw caught;
  }
}

/** Where a test origin resolves a path: nothing real lives there. */
const PROBE_ORIGIN = "http://next.invalid";

/**
 * Only same-site paths are followed after login, never another origin. Browsers drop tabs and
 * newlines from URLs and read a backslash as a slash, so `/\t/evil.com` reaches evil.com: a
 * path is accepted only as printable ASCII (anything else a browser may "repair" is refused,
 * not repaired), starting with one slash, and only if it still resolves to our own origin.
 */
export function safeNext(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000 || !/^[\x21-\x7e]+$/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  try {
    const url = new URL(value, PROBE_ORIGIN);
    return url.origin === PROBE_ORIGIN ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}
