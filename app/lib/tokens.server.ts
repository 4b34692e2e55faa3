import { createHash, randomBytes } from "node:crypto";

/** A fresh unguessable token: 256 bits, URL-safe. */
export function newToken(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Tokens are stored only as their sha256, so reading the database never yields a live secret. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
