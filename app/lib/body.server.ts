/**
 * Reading request bodies with limits on what is actually read, not on what the client claims:
 * a chunked body has no Content-Length, and one without a limit could be hundreds of megabytes
 * held in memory before anything looked at it. Bytes are counted as they stream in and the read
 * stops (413) the moment the limit is passed.
 */
import { badRequest, msg, payloadTooLarge } from "./errors";

/** Nesting deeper than this is not data anyone sends on purpose (and recursion on it can overflow). */
export const MAX_JSON_DEPTH = 32;

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(msg("http.bodyTooLarge", { max: maxBytes }));
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(msg("http.bodyTooLarge", { max: maxBytes }));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * How deeply `text` nests arrays and objects, in one pass that skips strings: checked before
 * JSON.parse, so hostile nesting is refused cheaply instead of recursing through validation.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** A JSON body: 413 when too large, 400 when malformed or nested past MAX_JSON_DEPTH. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const raw = await readBodyText(request, maxBytes);
  if (raw.trim() === "") return {};
  if (jsonDepth(raw) > MAX_JSON_DEPTH) throw badRequest(msg("http.bodyTooDeep", { max: MAX_JSON_DEPTH }));
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest(msg("http.invalidJson"));
  }
}

/**
 * A form post (urlencoded; pages have no file uploads), read with a limit. Returns FormData so
 * callers use it as they would `request.formData()`.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    // Not produced by any of our forms; still bounded, then parsed by the platform.
    const text = await readBodyText(request, maxBytes);
    return new Response(text, { headers: { "Content-Type": type } }).formData();
  }
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(await readBodyText(request, maxBytes))) form.append(key, value);
  return form;
}
