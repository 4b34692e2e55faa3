import type { Catalog } from "./catalogs/index";

const ACCENTED: Record<string, string> = {
  a: "á", e: "é", i: "í", o: "ó", u: "ú", y: "ý", A: "Á", E: "É", I: "Í", O: "Ó", U: "Ú", Y: "Ý",
  c: "ç", n: "ñ", s: "š", z: "ž", C: "Ç", N: "Ñ", S: "Š", Z: "Ž",
};

/** Opens and closes every pseudo-localised message, so a test can see where one starts and ends. */
export const PSEUDO_OPEN = "⟦";
export const PSEUDO_CLOSE = "⟧";

/**
 * "Log in" → "⟦Lóg íñ⟧": still readable, visibly not English. Each run of text between tags is
 * marked on its own (so the text inside a <Trans> link is marked too); `{{placeholders}}` and
 * `<0>tags</0>` stay as they are, or the message would break.
 */
export function pseudoMessage(message: string): string {
  return message
    .split(/(<\/?\w+\s*\/?>)/)
    .map((part, index) => {
      if (index % 2 === 1 || !part.trim()) return part;
      const text = part
        .split(/(\{\{[^}]*\}\})/)
        .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c)))
        .join("");
      return `${PSEUDO_OPEN}${text}${PSEUDO_CLOSE}`;
    })
    .join("");
}

export function pseudoCatalog(catalog: Catalog): Catalog {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return pseudoMessage(value);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(catalog) as Catalog;
}
