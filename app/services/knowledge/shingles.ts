/**
 * Near-duplicate detection on shingles: two texts that share most of their word triples (or,
 * for Chinese, character pairs) say the same thing, however their titles differ. Jaccard
 * similarity of the shingle sets; linear in the texts' length.
 */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const TOKEN = /[\p{L}\p{N}]+/gu;

/** A Jaccard similarity at or above this marks a near-duplicate. */
export const NEAR_DUPLICATE = 0.5;

export function shingles(text: string, size = 3): Set<string> {
  const tokens: string[] = [];
  for (const word of text.normalize("NFKC").toLowerCase().match(TOKEN) ?? []) {
    // Chinese has no spaces: each character is a token, and pairs of them make its shingles.
    if (CJK.test(word)) for (const ch of word) tokens.push(ch);
    else tokens.push(word);
  }
  const out = new Set<string>();
  const width = tokens.some((t) => CJK.test(t)) ? 2 : size;
  if (tokens.length < width) {
    if (tokens.length > 0) out.add(tokens.join(" "));
    return out;
  }
  for (let i = 0; i + width <= tokens.length; i++) out.add(tokens.slice(i, i + width).join(" "));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}
