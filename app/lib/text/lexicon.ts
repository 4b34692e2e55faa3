import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * The Swedish and Norwegian (Bokmål) word lists, as a compact sorted word set with the compound
 * flags Hunspell gives each word.
 *
 * The lists come from the cspell dictionaries (@cspell/dict-sv, @cspell/dict-nb-no), which are
 * Hunspell dictionaries expanded into every inflected form and shipped as a trie. Parsing that
 * trie takes seconds and a few hundred MB, so it is done once, ahead of time (`npm run build`,
 * `npm start`, the test set-up), into a file of front-coded blocks that loads in milliseconds
 * and takes about 4 bytes a word in memory (about 5 MB per language). Lookups are a binary
 * search over the blocks. The dictionaries are GPL-3.0 data: the derived file is made on each
 * installation from the installed packages, not shipped with Gleaner.
 */

export type LexiconLanguage = "sv" | "no";

/** The word stands alone (no "+" marker in the dictionary). */
export const WORD = 1;
/** It may begin a compound ("faktura" in "fakturaadress"). */
export const BEGIN = 2;
/** It may end a compound ("adress"). */
export const END = 4;
/** It may stand inside a compound of three or more parts. */
export const MIDDLE = 8;

const SOURCES: Record<LexiconLanguage, { pkg: string; trie: string }> = {
  sv: { pkg: "@cspell/dict-sv", trie: "Swedish.trie.gz" },
  no: { pkg: "@cspell/dict-nb-no", trie: "nb.trie.gz" },
};

/** Bumped whenever the file layout or the selection of words changes. */
const FORMAT = 1;
const MAGIC = 0x474c5831; // "GLX1"
const BLOCK = 16;
const MAX_WORD_BYTES = 255;

const require = createRequire(import.meta.url);

function sourceDir(language: LexiconLanguage): { dir: string; version: string } {
  const { pkg } = SOURCES[language];
  // The packages export only their cspell settings file; the trie lies beside it.
  const dir = path.dirname(require.resolve(`${pkg}/cspell-ext.json`));
  const version = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  return { dir, version };
}

/** node_modules/.cache/gleaner: derived from installed packages, so it goes with them. */
function cacheFile(language: LexiconLanguage): string {
  const { dir, version } = sourceDir(language);
  const nodeModules = path.resolve(dir, "..", "..");
  return path.join(nodeModules, ".cache", "gleaner", `lexicon-${language}-${version}-f${FORMAT}b${BLOCK}.bin`);
}

export class Lexicon {
  private readonly data: Buffer;
  private readonly blocks: Uint32Array;
  private readonly scratch = Buffer.alloc(MAX_WORD_BYTES);
  /** The word looked up, encoded into a buffer reused by every lookup. */
  private readonly target = Buffer.alloc(MAX_WORD_BYTES + 1);

  constructor(file: Buffer) {
    if (file.readUInt32BE(0) !== MAGIC) throw new Error("not a lexicon file");
    const blockCount = file.readUInt32BE(8);
    const offsets = 12;
    this.blocks = new Uint32Array(blockCount);
    for (let i = 0; i < blockCount; i++) this.blocks[i] = file.readUInt32BE(offsets + i * 4);
    this.data = file.subarray(offsets + blockCount * 4);
  }

  /** The word's flags (WORD | BEGIN | END | MIDDLE), or 0 when the dictionary lacks it. */
  flags(word: string): number {
    const { data, blocks, target } = this;
    const size = target.write(word, 0, "utf8");
    if (size === 0 || size > MAX_WORD_BYTES) return 0;
    // The last block whose first word (stored whole: 0 shared bytes) is <= target.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const at = blocks[mid]!;
      const cmp = data.compare(target, 0, size, at + 2, at + 2 + data[at + 1]!);
      if (cmp <= 0) lo = mid;
      else hi = mid - 1;
    }
    let at = blocks[lo]!;
    const end = lo + 1 < blocks.length ? blocks[lo + 1]! : data.length;
    const scratch = this.scratch;
    // Plain loops over bytes: cheaper here than a native compare call per entry.
    while (at < end) {
      const shared = data[at]!;
      const suffix = data[at + 1]!;
      const length = shared + suffix;
      for (let i = 0; i < suffix; i++) scratch[shared + i] = data[at + 2 + i]!;
      let cmp = 0;
      const common = Math.min(length, size);
      for (let i = 0; i < common && cmp === 0; i++) cmp = scratch[i]! - target[i]!;
      if (cmp === 0) cmp = length - size;
      if (cmp === 0) return data[at + 2 + suffix]!;
      if (cmp > 0) return 0;
      at += 3 + suffix;
    }
    return 0;
  }

  has(word: string, mask = WORD): boolean {
    return (this.flags(word) & mask) !== 0;
  }
}

/** Words of letters only, lowercased, with their merged flags: what the lexicon file holds. */
async function readDictionary(language: LexiconLanguage): Promise<Map<string, number>> {
  const { importTrie, iteratorTrieWords } = await import("cspell-trie-lib");
  const { dir } = sourceDir(language);
  const lines = gunzipSync(readFileSync(path.join(dir, SOURCES[language].trie))).toString("utf8").split("\n");
  const words = new Map<string, number>();
  for (const entry of iteratorTrieWords(importTrie(lines))) {
    // "~" entries are case- and accent-folded duplicates, "!" forbidden words.
    if (entry.startsWith("~") || entry.startsWith("!")) continue;
    const ends = entry.startsWith("+");
    const begins = entry.endsWith("+");
    const word = entry.replace(/^\+|\+$/g, "").toLowerCase();
    if (!/^\p{L}+$/u.test(word) || /[\u{10000}-\u{10ffff}]/u.test(word)) continue;
    const flag = begins && ends ? MIDDLE : begins ? BEGIN : ends ? END : WORD;
    words.set(word, (words.get(word) ?? 0) | flag);
  }
  return words;
}

/** Front-coded blocks of BLOCK words: [shared bytes][suffix length][suffix][flags]. */
function encode(words: Map<string, number>): Buffer {
  // Code-unit order equals UTF-8 byte order for these (BMP-only) words.
  const sorted = [...words.keys()].filter((w) => Buffer.byteLength(w) <= MAX_WORD_BYTES).sort();
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  let previous = Buffer.alloc(0);
  sorted.forEach((word, index) => {
    const bytes = Buffer.from(word, "utf8");
    let shared = 0;
    if (index % BLOCK === 0) offsets.push(size);
    else while (shared < bytes.length && shared < previous.length && bytes[shared] === previous[shared]) shared++;
    const chunk = Buffer.alloc(3 + bytes.length - shared);
    chunk[0] = shared;
    chunk[1] = bytes.length - shared;
    bytes.copy(chunk, 2, shared);
    chunk[chunk.length - 1] = words.get(word)!;
    chunks.push(chunk);
    size += chunk.length;
    previous = bytes;
  });
  const header = Buffer.alloc(12 + offsets.length * 4);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt32BE(sorted.length, 4);
  header.writeUInt32BE(offsets.length, 8);
  offsets.forEach((offset, i) => header.writeUInt32BE(offset, 12 + i * 4));
  return Buffer.concat([header, ...chunks]);
}

/** Writes the lexicon file unless it exists; returns its path. */
export async function buildLexicon(language: LexiconLanguage): Promise<string> {
  const file = cacheFile(language);
  if (existsSync(file)) return file;
  const encoded = encode(await readDictionary(language));
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: a concurrent reader never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, encoded);
  renameSync(temporary, file);
  return file;
}

export function missingLexicons(): LexiconLanguage[] {
  return (Object.keys(SOURCES) as LexiconLanguage[]).filter((language) => !existsSync(cacheFile(language)));
}

/** Builds whichever lexicons are missing; returns the languages it built. */
export async function ensureLexicons(): Promise<LexiconLanguage[]> {
  const missing = missingLexicons();
  for (const language of missing) await buildLexicon(language);
  return missing;
}

const loaded = new Map<LexiconLanguage, Lexicon>();

/**
 * The language's lexicon, loaded once. It must have been built (see buildLexicon): building
 * takes seconds, which a request must never wait for, so the build step and the test set-up do
 * it ahead of time.
 */
export function lexicon(language: LexiconLanguage): Lexicon {
  let lex = loaded.get(language);
  if (!lex) {
    const file = cacheFile(language);
    if (!existsSync(file)) throw new Error(`The ${language} word list is not built: run \`npm run build\` (or \`npm run build:lexicon\`).`);
    lex = new Lexicon(readFileSync(file));
    loaded.set(language, lex);
  }
  return lex;
}
