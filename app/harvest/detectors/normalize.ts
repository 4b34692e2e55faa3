/**
 * The form the phrase rules are written against: lower case, NFKC (full-width letters and
 * punctuation become their ordinary forms), apostrophes dropped ("don't", "dont" and "don’t"
 * all read "dont", since forum text spells them every way), one space between words. Each
 * character remembers where it came from, so a match can be reported as the author wrote it.
 */

export interface NormalizedText {
  text: string;
  /** For each UTF-16 unit of `text`: the index in the source where its character starts. */
  from: number[];
  /** For each UTF-16 unit of `text`: the index in the source just after its character. */
  to: number[];
}

/** Dropped: apostrophes, and Markdown emphasis stars ("I *really* need"). */
const DROPPED = new Set(["'", "\u2019", "\u2018", "\u02bc", "\u00b4", "`", "*"]);
/** Leading quotation marks and bullets would hide the sentence start from rules anchored there. */
const LEADING_NOISE = /[^\p{L}\p{N}+$€£¥]/u;
const SPACE = /[\s\u200b\u200c\u200d\u2060\ufeff]/;
/** Trailing spaces and closing quotes, so rules anchored at the end see the last word. */
const TRAILING_NOISE = /[\s"”»)\]]/;
const DASHES = /[\u2010-\u2015\u2212]/;

export function normalize(source: string): NormalizedText {
  const units: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  while (i < source.length) {
    const code = source.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const char = width === 1 ? source[i]! : source.slice(i, i + width);
    let out: string;
    if (code >= 0x61 && code <= 0x7a) out = char; // a-z, most of the text: no lookups
    else if (DROPPED.has(char) || (units.length === 0 && LEADING_NOISE.test(char))) out = "";
    else if (SPACE.test(char)) out = units.length === 0 || units[units.length - 1] === " " ? "" : " ";
    else if (code < 0x80) out = char.toLowerCase();
    else if (DASHES.test(char)) out = "-";
    else out = char.normalize("NFKC").toLowerCase();
    for (let k = 0; k < out.length; k++) {
      units.push(out[k]!);
      from.push(i);
      to.push(i + width);
    }
    i += width;
  }
  while (units.length > 0 && TRAILING_NOISE.test(units[units.length - 1]!)) {
    units.pop();
    from.pop();
    to.pop();
  }
  return { text: units.join(""), from, to };
}

/** The source text behind normalized[start, end). */
export function sourceOf(normalized: NormalizedText, source: string, start: number, end: number): string {
  if (end <= start) return "";
  return source.slice(normalized.from[start]!, normalized.to[end - 1]!).trim();
}
