/**
 * A small seeded PRNG (sfc32) and the draws the generators need. Math.random cannot be seeded,
 * and the scale seed must give byte-identical data for the same N and seed.
 *
 * Every generator derives its own stream from a label (`rngFor(seed, "thread", 42)`), so the
 * content of thread 42 depends only on the seed and 42: changing how users are drawn does not
 * reshuffle every thread, and any pass can regenerate a thread cheaply and identically.
 */

/** A 128-bit state from any string: four rounds of a 32-bit multiply-xorshift mix. */
function hashToState(text: string): [number, number, number, number] {
  let h1 = 0x6a09e667, h2 = 0xbb67ae85, h3 = 0x3c6ef372, h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ c, 0x85ebca6b);
    h2 = h3 ^ Math.imul(h2 ^ c, 0xc2b2ae35);
    h3 = h4 ^ Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = h1 ^ Math.imul(h4 ^ c, 0x165667b1);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h4 ^ (h2 >>> 13), 0xc2b2ae35);
  h3 = Math.imul(h1 ^ (h3 >>> 16), 0x27d4eb2f);
  h4 = Math.imul(h2 ^ (h4 >>> 13), 0x165667b1);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(key: string) {
    [this.#a, this.#b, this.#c, this.#d] = hashToState(key);
    // The first outputs of sfc32 still show the seed's structure: discard a few.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Index by weight; weights need not sum to 1. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller; one of the pair is dropped, which keeps the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Zipf-like rank in [0, n): rank r is drawn with weight 1/(r+1)^s, so a few items are common
   * and most are rare, as words, tags and posting activity are in real communities.
   * Inverse-CDF of the continuous approximation: O(1) per draw, no table.
   */
  zipf(n: number, s = 1.1): number {
    if (n <= 1) return 0;
    const u = this.next();
    if (s === 1) return Math.min(n - 1, Math.floor(Math.pow(n + 1, u)) - 1);
    const a = 1 - s;
    const max = Math.pow(n + 1, a);
    return Math.min(n - 1, Math.max(0, Math.floor(Math.pow(1 + u * (max - 1), 1 / a)) - 1));
  }
}

export function rngFor(seed: string, ...labels: (string | number)[]): Rng {
  return new Rng(`${seed}\u0000${labels.join("\u0000")}`);
}
