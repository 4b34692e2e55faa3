/**
 * Splits a post (Markdown as the author wrote it) into the sentences the detectors read. What
 * the author did not write in their own voice never reaches the rules: quoted lines (`>` and the
 * "… wrote:" line above them), fenced and indented code, log and stack-trace lines. Inline code,
 * URLs, e-mail addresses and HTML tags are blanked out (same length, so positions still point
 * into the original) before the sentence is read; the quote keeps them, minus the tags.
 *
 * Everything here is one pass over the text with bounded regular expressions: hostile input
 * costs time in proportion to its length, and the text and each sentence are capped.
 */

export interface Sentence {
  /** Position among the analysed sentences of the post. */
  index: number;
  /** What the rules read: the sentence with inline code, URLs, e-mail addresses and tags blanked. */
  text: string;
  /** The sentence as written, HTML tags removed and whitespace collapsed. */
  quote: string;
}

/** Posts are capped at 32 KB when written; anything longer is read up to here. */
const MAX_TEXT_CHARS = 40_000;
/** A run-on "sentence" is read in pieces of this size, which keeps every rule's cost bounded. */
const MAX_SENTENCE_CHARS = 600;
const MAX_SENTENCES = 500;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE_LINE = /^ {0,3}>/;
/** The attribution line of a quote ("On Monday, Anna wrote:", "Erik skrev:", "张三写道："). */
const ATTRIBUTION = /(?:wrote|writes|skrev|skriver|写道|说)\s{0,3}[:：]\s{0,3}$/i;
const INDENTED = /^(?: {4}|\t)/;
const BLANK = /^\s*$/;

/**
 * Lines a program wrote: stack frames, timestamped or levelled log lines, VLC's "[00000123] main
 * error:" lines, Python tracebacks, hex dumps. A customer's sentence rarely starts like these.
 */
const LOG_LINES: RegExp[] = [
  /^\s{0,8}at [\w$.<>[\]]{1,200} ?\(/,
  /^\s{0,8}at [\w$./\\-]{1,200}:\d{1,6}(?::\d{1,6})?\s*$/,
  /^\s{0,8}\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/,
  /^\s{0,8}\[?\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?\]?\s/,
  /^\s{0,8}\[?(?:ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|SEVERE)\]?\s{0,3}[:\]|-]/,
  /^\s{0,8}\[[0-9a-f]{6,16}\]\s/i,
  /^\s{0,8}Traceback \(most recent call last\)/,
  /^\s{0,8}File "[^"\n]{1,300}", line \d+/,
  /^\s{0,8}(?:Exception in thread|Caused by:|Uncaught \w{0,40}Error)/,
  /^\s{0,8}[\w$]{1,60}(?:\.[\w$]{1,60}){1,12}(?:Exception|Error)\b/,
  /^\s{0,8}#\d{1,4}\s{1,4}0x[0-9a-f]{4,}/i,
  /^\s{0,8}0x[0-9a-f]{6,}/i,
  /^\s{0,8}\$ \S/,
];

const INLINE_MASKS: RegExp[] = [
  /`[^`\n]{0,500}`/g,
  /<!--[^]{0,2000}?-->/g,
  /<\/?[a-zA-Z!][^<>\n]{0,1000}>/g,
  /\b(?:[a-z][a-z0-9+.-]{1,20}:\/\/|www\.)[^\s<>"'`]{1,2000}/gi,
  /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g,
];
const TAG = /<\/?[a-zA-Z!][^<>\n]{0,1000}>/g;

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  "e.g i.e etc vs approx ca cf mr mrs ms dr st no nr t.ex bl.a osv m.m dvs ev resp f.eks bl.a mht mfl inkl ekskl".split(" "),
);
const CLOSERS = new Set([..."\"'”’»)]」』）】"]);
const CJK_ENDERS = new Set([..."。！？；"]);

function blank(text: string, from: number, to: number, chars: string[]): void {
  for (let i = from; i < to; i++) if (chars[i] !== "\n") chars[i] = " ";
}

/** The text with every line the author did not write themselves blanked out, line breaks kept. */
function maskForeignLines(text: string): string {
  const chars = text.split("");
  let fence: string | undefined;
  let previousBlank = true;
  let previousCode = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let hide = false;
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      hide = true;
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = undefined;
    } else if (fenceMatch) {
      hide = true;
      fence = fenceMatch[1];
    } else if (QUOTE_LINE.test(line) || ATTRIBUTION.test(line) || LOG_LINES.some((pattern) => pattern.test(line))) {
      hide = true;
    } else if (INDENTED.test(line) && !BLANK.test(line) && (previousBlank || previousCode)) {
      hide = true;
      previousCode = true;
    }
    if (!INDENTED.test(line) && !BLANK.test(line)) previousCode = false;
    previousBlank = BLANK.test(line);
    if (hide) blank(text, lineStart, lineEnd, chars);
    lineStart = lineEnd + 1;
  }
  return chars.join("");
}

function maskInline(text: string): string {
  let masked = text;
  for (const pattern of INLINE_MASKS) masked = masked.replace(pattern, (match) => match.replace(/[^\n]/g, " "));
  return masked;
}

/** Markdown block markers at the start of a line: list bullets, numbers, headings. */
const BLOCK_MARKER = /^\s{0,3}(?:[-*+•]\s+|\d{1,3}[.)]\s+|#{1,6}\s+)/;

/**
 * [start, end) ranges of the masked text that are sentences. A line break ends a sentence
 * unless the next line reads as its continuation (starts in lower case, no list marker): forum
 * titles and list items stand on lines of their own without a full stop.
 */
function sentenceRanges(masked: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  const push = (end: number) => {
    if (end > start) ranges.push([start, end]);
    start = end;
  };
  for (let i = 0; i < masked.length && ranges.length < MAX_SENTENCES; i++) {
    const c = masked[i]!;
    if (c === "\n") {
      const rest = masked.slice(i + 1, i + 12);
      const continues = /^[ \t]{0,3}[a-zåäöæøéü]/.test(rest) && !BLOCK_MARKER.test(rest);
      if (!continues) push(i + 1);
      continue;
    }
    if (CJK_ENDERS.has(c)) {
      let end = i + 1;
      while (end < masked.length && (CJK_ENDERS.has(masked[end]!) || CLOSERS.has(masked[end]!))) end++;
      push(end);
      i = end - 1;
      continue;
    }
    if (c === "." || c === "!" || c === "?" || c === "…") {
      let end = i + 1;
      while (end < masked.length && ".!?…".includes(masked[end]!)) end++;
      while (end < masked.length && CLOSERS.has(masked[end]!)) end++;
      const next = masked[end];
      if (next !== undefined && !/\s/.test(next)) {
        i = end - 1;
        continue;
      }
      if (c === "." && end === i + 1 && isAbbreviation(masked, i)) continue;
      const after = /\S/.exec(masked.slice(end, end + 8));
      if (c === "." && after && /[a-zåäöæø]/.test(after[0])) continue;
      push(end);
      i = end - 1;
    }
  }
  if (ranges.length < MAX_SENTENCES) push(masked.length);
  return ranges;
}

function isAbbreviation(text: string, dot: number): boolean {
  let from = dot;
  while (from > 0 && from > dot - 8 && /[\p{L}.]/u.test(text[from - 1]!)) from--;
  const word = text.slice(from, dot).toLowerCase();
  return word.length === 1 || ABBREVIATIONS.has(word);
}

function collapse(text: string): string {
  return text.replace(/[\s\u200b\u200c\u200d\u2060\ufeff]+/g, " ").trim();
}

function cleanQuote(original: string): string {
  // Control characters other than whitespace are noise in a quote shown to sales.
  // eslint-disable-next-line no-control-regex
  return collapse(original.replace(TAG, " ").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").replace(BLOCK_MARKER, ""));
}

/** The sentences of a post that the detectors should read, in order. */
export function splitSentences(input: string): Sentence[] {
  const text = input.length > MAX_TEXT_CHARS ? input.slice(0, MAX_TEXT_CHARS) : input;
  // Both keep the text's length, so a range of one is the same sentence in the other.
  const ownWords = maskForeignLines(text.replace(/\r\n?/g, "\n"));
  const masked = maskInline(ownWords);
  const sentences: Sentence[] = [];
  for (const [start, end] of sentenceRanges(masked)) {
    for (let from = start; from < end; ) {
      const to = pieceEnd(masked, from, end);
      const body = collapse(masked.slice(from, to).replace(BLOCK_MARKER, ""));
      if (/\p{L}/u.test(body)) {
        sentences.push({ index: sentences.length, text: body, quote: cleanQuote(ownWords.slice(from, to)) });
      }
      from = to;
    }
  }
  return sentences;
}

/** End of the next piece of a sentence no longer than MAX_SENTENCE_CHARS, cut at a space if one is near. */
function pieceEnd(text: string, from: number, end: number): number {
  if (end - from <= MAX_SENTENCE_CHARS) return end;
  const limit = from + MAX_SENTENCE_CHARS;
  const space = text.lastIndexOf(" ", limit);
  return space > from + MAX_SENTENCE_CHARS / 2 ? space + 1 : limit;
}
