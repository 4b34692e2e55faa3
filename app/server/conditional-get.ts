import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { isPersonalRequest } from "./security-headers";

/** Answers worth a validator: whole pages and API reads, not streams or files. */
const VALIDATED_TYPES = /^(text\/html|application\/json)\b/i;

/**
 * A weak ETag over the bytes without the CSP nonce: the nonce is new on every response, the
 * page is otherwise the same for every anonymous reader of one language, so it must not make
 * two equal pages look different.
 */
export function entityTag(body: Buffer, nonce: string | undefined): string {
  const hash = createHash("sha1");
  if (nonce) {
    const text = body.toString("utf8");
    let from = 0;
    for (let at = text.indexOf(nonce); at >= 0; at = text.indexOf(nonce, from)) {
      hash.update(text.slice(from, at));
      from = at + nonce.length;
    }
    hash.update(text.slice(from));
  } else {
    hash.update(body);
  }
  return `W/"${hash.digest("base64url").slice(0, 22)}"`;
}

/** If-None-Match's weak comparison: any listed tag (or `*`) equal to ours, W/ or not. */
export function matchesTag(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const ours = opaque(tag);
  return header.split(",").some((t) => t.trim() === "*" || opaque(t) === ours);
}

/**
 * ETag and 304 for what anonymous readers get, the bulk of a community's traffic: a reader
 * coming back to a thread that has not changed gets a 304 with no body, so neither side pays
 * for the page's bytes again. The page still renders (the tag is its hash), so this saves
 * bandwidth and the browser's work, not our CPU.
 *
 * Anonymous pages are buffered whole to hash them (they were rendered whole before sending
 * anyway: no streaming of deferred data on them). Signed-in answers are private, no-store
 * (privateAnswers) and pass straight through, as do other content types and non-200s.
 *
 * Installed after compression(), so it sees (and hashes) the uncompressed bytes and hands the
 * whole body to compression in one piece. A 304 drops the Content-Security-Policy header: the
 * browser keeps the stored one, whose nonce is the one in the page it stored.
 */
export function anonymousConditionalGet(req: Request, res: Response, next: NextFunction) {
  if ((req.method !== "GET" && req.method !== "HEAD") || isPersonalRequest(req)) return next();
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const chunks: Buffer[] = [];
  let buffering: boolean | null = null;
  const decide = () => {
    buffering ??=
      res.statusCode === 200 &&
      VALIDATED_TYPES.test(String(res.getHeader("Content-Type") ?? "")) &&
      !res.getHeader("ETag") &&
      !/no-store/i.test(String(res.getHeader("Cache-Control") ?? ""));
    return buffering;
  };
  const toBuffer = (chunk: unknown, encoding: unknown) =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);

  res.write = function (chunk: unknown, encoding?: unknown, callback?: unknown) {
    if (!decide()) return write(chunk, encoding, callback);
    chunks.push(toBuffer(chunk, encoding));
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  } as Response["write"];

  res.end = function (chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (!decide()) return end(chunk, encoding, callback);
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") chunks.push(toBuffer(chunk, encoding));
    const done = [chunk, encoding, callback].find((a) => typeof a === "function");
    const body = Buffer.concat(chunks);
    const tag = entityTag(body, res.locals.cspNonce as string | undefined);
    res.setHeader("ETag", tag);
    // Stored, but asked about again each time: a thread changes whenever someone replies.
    if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-cache");
    // The language comes from the cookie or Accept-Language: a cache must key on both.
    res.vary("Cookie");
    res.vary("Accept-Language");
    if (matchesTag(req.headers["if-none-match"], tag)) {
      res.statusCode = 304;
      for (const header of ["Content-Type", "Content-Length", "Content-Security-Policy", "Transfer-Encoding"]) res.removeHeader(header);
      return end(done);
    }
    res.setHeader("Content-Length", body.length);
    return end(req.method === "HEAD" ? undefined : body, done);
  } as Response["end"];
  next();
}
