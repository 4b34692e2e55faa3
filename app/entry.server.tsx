import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18nFor, pseudoLocaleEnabled } from "~/i18n/i18n.server";
import { DEFAULT_LOCALE, type RenderLocale } from "~/i18n/locales";
import { negotiateLocale } from "~/i18n/negotiate";
import { provideI18n } from "~/i18n/registry";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER } from "~/lib/errors";
import { NonceProvider } from "~/lib/nonce";
import { currentRequestScope } from "~/lib/request-scope.server";
import { PostHtmlContext } from "~/components/post-html";

provideI18n((locale) => i18nFor(locale as RenderLocale));

/**
 * The root loader decided the page's language (services/locale); when it did not run (it
 * failed), the browser's own preference still applies to the error page.
 */
function pageLocale(request: Request, context: EntryContext): RenderLocale {
  const root = context.staticHandlerContext.loaderData?.root as { locale?: RenderLocale } | null | undefined;
  return root?.locale ?? negotiateLocale(request.headers.get("Accept-Language"), { pseudo: pseudoLocaleEnabled() }) ?? DEFAULT_LOCALE;
}

const ABORT_DELAY = 5_000;

/**
 * Requests whose loader or action failed because the database was away. Loaders wrapped in
 * forPage already answer 503 themselves; this catches the rest, so a restart of PostgreSQL is
 * never reported as a server bug (500) to a client that only has to retry.
 */
const unavailableDuring = new WeakSet<Request>();

/** Unknown URLs and aborted requests are normal traffic, not errors worth a stack trace. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) return;
  if (isDatabaseUnavailable(error)) {
    unavailableDuring.add(request);
    console.warn(`database unavailable during ${request.method} ${new URL(request.url).pathname}: ${(error as Error).message}`);
    return;
  }
  console.error(error);
};

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (!unavailableDuring.has(request) || response.status !== 500) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(UNAVAILABLE_RETRY_AFTER));
  return new Response(response.body, { status: 503, headers });
};

/**
 * React 18's streaming renderer can end a chunk with NUL bytes where a multi-byte character
 * (å, ø, 中…) did not fit in its 2 KB buffer; the character itself follows in the next chunk
 * (react#24985, fixed in React 19 only). HTML never holds a NUL of its own (the database cannot
 * store one), so dropping every NUL byte restores the document exactly.
 */
function dropNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk);
      const kept = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
      callback(null, kept.subarray(0, length));
    },
  });
}

/** Streams the page; bots (and no-JS clients) get the whole document before the first byte. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  if (unavailableDuring.has(request) && responseStatusCode === 500) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", String(UNAVAILABLE_RETRY_AFTER));
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18nFor(pageLocale(request, remixContext))}>
          <PostHtmlContext.Provider value={currentRequestScope()?.postHtml ?? null}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </PostHtmlContext.Provider>
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = dropNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
