import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Jieba } from "@node-rs/jieba";

/**
 * Chinese word segmentation with jieba (@node-rs/jieba, native).
 *
 * Chinese has no spaces, and indexing it one character at a time made "会议" (meeting) match
 * "社会议题" (social issue), where 会 and 议 only meet across a word boundary. Words come from
 * jieba's dictionary without its HMM guesser, so a word is always a dictionary word and a query
 * is cut the same way as the text it should find; what the dictionary does not know is left in
 * single characters, which the index keeps too (see analyze.ts).
 */

/** The characters we treat as Chinese (CJK unified ideographs and their extensions in the BMP). */
export const CJK_RANGE = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

/** Loaded on first use: the dictionary takes about 0.25 s and 45 MB. */
function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    jieba = JiebaClass.withDict(readFileSync(require.resolve("@node-rs/jieba/dict.txt")));
  }
  return jieba;
}

export interface ChineseWord {
  text: string;
  /** Offset in characters (code points) from the start of the run. */
  offset: number;
  /** Shorter dictionary words inside it ("数据" and "据库" in "数据库"), with their offsets. */
  inner: { text: string; offset: number }[];
}

/** A run of Chinese characters cut into dictionary words (and single characters). */
export function cutChinese(run: string): ChineseWord[] {
  const words: ChineseWord[] = [];
  let offset = 0;
  for (const text of segmenter().cut(run, false)) {
    const length = [...text].length;
    const inner: ChineseWord["inner"] = [];
    if (length > 2) {
      // Search mode lists the dictionary words inside a long word, then the word itself.
      for (const part of segmenter().cutForSearch(text, false)) {
        if (part === text) continue;
        const at = text.indexOf(part);
        if (at >= 0) inner.push({ text: part, offset: offset + [...text.slice(0, at)].length });
      }
    }
    words.push({ text, offset, inner });
    offset += length;
  }
  return words;
}
