/**
 * A literal prefilter for the phrase rules. Most sentences match no rule, yet finding that out
 * with the rules themselves costs a scan per group of rules, a few hundred alternatives tried at
 * every position. Instead, each rule's regular expression is read once, when the rules compile,
 * for the literal strings a match cannot do without ("please " in `please <2>(?:add|support…)`,
 * one of "how much" or "what" in `(?:how much|what) …`), and one automaton over all of them
 * (Aho–Corasick, compiled to a table) reads the sentence once, character by character, and
 * names the rules whose required strings occur. Only those rules run; the others cannot match.
 *
 * The analysis is conservative: whatever it does not know how to read (a character class too
 * large to spell out, `\w`, `.`, a backreference, a repetition that may be absent) counts as
 * "anything", which requires nothing; a rule with no required string at all simply always runs.
 * So the prefilter never changes what the rules find, only how many of them are tried (a unit
 * test compares the two paths on the labeled sets).
 */

/** What a part of a pattern can match, as far as literals go. */
interface Info {
  /** Every string the part can match, when that is a short finite list; else null. */
  exact: Set<string> | null;
  /** Strings one of which every match contains; null when nothing is required. */
  factors: Set<string> | null;
}

/** Exact sets larger than this are given up for their factors (and cross products are not formed). */
const MAX_EXACT = 64;
/** A character class with more members than this counts as "anything". */
const MAX_CLASS = 8;

const EMPTY: Info = { exact: new Set([""]), factors: null };
const ANY: Info = { exact: null, factors: null };

function exactInfo(exact: Set<string>): Info {
  return { exact, factors: exact.has("") ? null : exact };
}

function factorsOf(info: Info): Set<string> | null {
  if (info.exact) return info.exact.has("") ? null : info.exact;
  return info.factors;
}

/**
 * Required strings are cut to this many units: a text that contains a string contains its
 * start, so the cut keeps every requirement true, and it keeps the automaton small (long
 * multiplied-out phrases share their first words).
 */
const MAX_LITERAL = 10;

/** How selective a factor set is: longer shortest factor first (up to the cut), then fewer factors. */
function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a) return b;
  if (!b) return a;
  const shortest = (set: Set<string>) => Math.min(...[...set].map((s) => Math.min(s.length, MAX_LITERAL)));
  const la = shortest(a);
  const lb = shortest(b);
  if (la !== lb) return la > lb ? a : b;
  return a.size <= b.size ? a : b;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function union(infos: Info[]): Info {
  let exact: Set<string> | null = new Set();
  let factors: Set<string> | null = new Set();
  for (const info of infos) {
    if (exact && info.exact) for (const s of info.exact) exact.add(s);
    else exact = null;
    const f = factorsOf(info);
    if (factors && f) for (const s of f) factors.add(s);
    else factors = null;
  }
  if (exact && exact.size <= MAX_EXACT) return exactInfo(exact);
  return { exact: null, factors };
}

/** A sequence: runs of exact parts are multiplied out; the most selective requirement of any part counts. */
function sequence(parts: Info[]): Info {
  let run: Set<string> | null = new Set([""]);
  let onlyExact = true;
  let best: Set<string> | null = null;
  for (const part of parts) {
    if (part.exact) {
      const next: Set<string> | null = run ? cross(run, part.exact) : part.exact;
      if (next) {
        run = next;
        continue;
      }
      onlyExact = false;
      best = better(best, run && !run.has("") ? run : null);
      run = part.exact;
      continue;
    }
    onlyExact = false;
    if (run) best = better(best, run.has("") ? null : run);
    run = null;
    best = better(best, part.factors);
  }
  if (onlyExact && run) return exactInfo(run);
  if (run) best = better(best, run.has("") ? null : run);
  return { exact: null, factors: best };
}

/** Repetition {min,max} (max Infinity for unbounded). */
function repeat(atom: Info, min: number, max: number): Info {
  if (min === 1 && max === 1) return atom;
  if (min === 0) {
    if (max === 1 && atom.exact && atom.exact.size < MAX_EXACT) return exactInfo(new Set(["", ...atom.exact]));
    return ANY;
  }
  if (min === max && atom.exact) {
    let out: Set<string> | null = new Set([""]);
    for (let i = 0; i < min && out; i++) out = cross(out, atom.exact);
    if (out) return exactInfo(out);
  }
  return { exact: null, factors: factorsOf(atom) };
}

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i !== this.source.length) throw new Error(`prefilter: unexpected "${this.source[this.i]}" at ${this.i} in /${this.source}/`);
    return info;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.i + offset];
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : union(branches);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    while (this.i < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      parts.push(this.quantified(atom));
    }
    return sequence(parts);
  }

  private quantified(atom: Info): Info {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "?") [min, max] = [0, 1];
    else if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "{") {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.peek() === "?") this.i++; // lazy: the same strings
    return repeat(atom, min, max);
  }

  private atom(): Info {
    const c = this.source[this.i]!;
    if (c === "(") return this.group();
    if (c === "[") return this.charClass();
    if (c === "\\") return this.escape();
    this.i++;
    if (c === ".") return ANY;
    if (c === "^" || c === "$") return EMPTY;
    if (this.unicode && c >= "\ud800" && c <= "\udbff" && this.i < this.source.length) {
      const low = this.source[this.i]!;
      if (low >= "\udc00" && low <= "\udfff") {
        this.i++;
        return exactInfo(new Set([c + low]));
      }
    }
    return exactInfo(new Set([c]));
  }

  private group(): Info {
    this.i++; // (
    let lookaround = false;
    if (this.peek() === "?") {
      const next = this.peek(1);
      if (next === ":") this.i += 2;
      else if (next === "=" || next === "!") {
        this.i += 2;
        lookaround = true;
      } else if (next === "<" && (this.peek(2) === "=" || this.peek(2) === "!")) {
        this.i += 3;
        lookaround = true;
      } else if (next === "<") {
        const end = this.source.indexOf(">", this.i);
        if (end < 0) throw new Error(`prefilter: unterminated group name in /${this.source}/`);
        this.i = end + 1;
      } else throw new Error(`prefilter: unknown group syntax at ${this.i} in /${this.source}/`);
    }
    const inner = this.alternation();
    if (this.peek() !== ")") throw new Error(`prefilter: unterminated group in /${this.source}/`);
    this.i++;
    // A lookaround matches no characters of its own: it requires nothing of the text matched.
    return lookaround ? EMPTY : inner;
  }

  /** A class spelled out as its members when it is small and plain; otherwise "anything". */
  private charClass(): Info {
    this.i++; // [
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.i++;
    }
    const members = new Set<string>();
    let plain = true;
    while (this.i < this.source.length && this.peek() !== "]") {
      let start: string | null;
      [start, plain] = this.classAtom(plain);
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.i++;
        let end: string | null;
        [end, plain] = this.classAtom(plain);
        if (start !== null && end !== null && start.length === 1 && end.length === 1 && end.charCodeAt(0) - start.charCodeAt(0) < MAX_CLASS) {
          for (let code = start.charCodeAt(0); code <= end.charCodeAt(0); code++) members.add(String.fromCharCode(code));
        } else plain = false;
      } else if (start !== null) members.add(start);
    }
    if (this.peek() !== "]") throw new Error(`prefilter: unterminated class in /${this.source}/`);
    this.i++;
    if (negated || !plain || members.size === 0 || members.size > MAX_CLASS) return ANY;
    return exactInfo(members);
  }

  /** One member of a class: the character, or null (and not plain) for a class escape such as \w. */
  private classAtom(plain: boolean): [string | null, boolean] {
    const c = this.source[this.i]!;
    if (c !== "\\") {
      this.i++;
      if (this.unicode && c >= "\ud800" && c <= "\udbff") return [null, false];
      return [c, plain];
    }
    if (this.peek(1) === "b") {
      this.i += 2;
      return ["\b", plain]; // backspace, inside a class
    }
    const char = this.escapedChar();
    return char === null ? [null, false] : [char, plain];
  }

  private escape(): Info {
    const next = this.peek(1);
    if (next === "b" || next === "B") {
      this.i += 2;
      return EMPTY;
    }
    const char = this.escapedChar();
    return char === null ? ANY : exactInfo(new Set([char]));
  }

  /** The character an escape stands for, or null for a class escape, backreference or property. */
  private escapedChar(): string | null {
    this.i++; // backslash
    const c = this.source[this.i]!;
    this.i++;
    if ("dDwWsS".includes(c)) return null;
    if (c === "p" || c === "P") {
      if (this.peek() === "{") this.i = this.source.indexOf("}", this.i) + 1;
      return null;
    }
    if (c === "u") {
      if (this.peek() === "{") {
        const end = this.source.indexOf("}", this.i);
        const code = parseInt(this.source.slice(this.i + 1, end), 16);
        this.i = end + 1;
        return String.fromCodePoint(code);
      }
      const hex = this.source.slice(this.i, this.i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      this.i += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (c === "x") {
      const hex = this.source.slice(this.i, this.i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
      this.i += 2;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (c === "n") return "\n";
    if (c === "t") return "\t";
    if (c === "r") return "\r";
    if (c === "f") return "\f";
    if (c === "v") return "\v";
    if (c === "0" && !/[0-9]/.test(this.peek() ?? "")) return "\0";
    if (/[0-9]/.test(c) || c === "k" || c === "c") return null; // backreference, control: give up
    return c;
  }
}

/**
 * Strings one of which every match of `regex` contains, or null when the analysis finds no such
 * requirement (the rule must then always run). Throws on syntax it cannot follow, so a rule
 * written with new syntax fails loudly when the rules compile rather than being skipped.
 */
export function requiredLiterals(regex: RegExp): string[] | null {
  if (regex.flags.includes("i") || regex.flags.includes("v")) return null;
  const factors = factorsOf(new Parser(regex.source, regex.flags.includes("u")).parse());
  if (!factors || factors.has("")) return null;
  // Cut, then drop any string that contains another: where it occurs, the other does too.
  const cut = [...new Set([...factors].map((s) => s.slice(0, MAX_LITERAL)))].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const s of cut) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}

/**
 * Aho–Corasick over the required strings of many rules, as a table: one step per UTF-16 unit of
 * the text. `scan` marks, in `marks`, the rules with a required string in the text.
 */
export class LiteralScanner {
  private readonly classOf: Uint16Array;
  private readonly width: number;
  private readonly next: Uint16Array | Uint32Array;
  private readonly outStart: Uint32Array;
  private readonly outRules: Uint32Array;
  readonly states: number;

  /** `literals[r]` are rule r's required strings (rules without any are not given here). */
  constructor(literals: Array<{ rule: number; strings: string[] }>) {
    // The alphabet: every unit that occurs in a string, and 0 for all others.
    this.classOf = new Uint16Array(65536);
    let width = 1;
    for (const { strings } of literals)
      for (const s of strings)
        for (let k = 0; k < s.length; k++) {
          const code = s.charCodeAt(k);
          if (this.classOf[code] === 0) this.classOf[code] = width++;
        }
    this.width = width;
    // The trie.
    const children: Array<Map<number, number>> = [new Map()];
    const outputs: Array<Set<number>> = [new Set()];
    for (const { rule, strings } of literals) {
      for (const s of strings) {
        let state = 0;
        for (let k = 0; k < s.length; k++) {
          const cls = this.classOf[s.charCodeAt(k)]!;
          let child = children[state]!.get(cls);
          if (child === undefined) {
            child = children.length;
            children.push(new Map());
            outputs.push(new Set());
            children[state]!.set(cls, child);
          }
          state = child;
        }
        outputs[state]!.add(rule);
      }
    }
    this.states = children.length;
    // Failure links, breadth first, folded into a full transition table.
    // Two bytes a transition while the states fit: the table is read once per character.
    const next = this.states <= 0xffff ? new Uint16Array(this.states * width) : new Uint32Array(this.states * width);
    const fail = new Uint32Array(this.states);
    const queue: number[] = [];
    for (const [cls, child] of children[0]!) {
      next[cls] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const o of outputs[fail[state]!]!) outputs[state]!.add(o);
      for (let cls = 0; cls < width; cls++) {
        const child = children[state]!.get(cls);
        if (child === undefined) next[state * width + cls] = next[fail[state]! * width + cls]!;
        else {
          fail[child] = next[fail[state]! * width + cls]!;
          next[state * width + cls] = child;
          queue.push(child);
        }
      }
    }
    this.next = next;
    this.outStart = new Uint32Array(this.states + 1);
    let total = 0;
    for (let s = 0; s < this.states; s++) {
      this.outStart[s] = total;
      total += outputs[s]!.size;
    }
    this.outStart[this.states] = total;
    this.outRules = new Uint32Array(total);
    for (let s = 0, k = 0; s < this.states; s++) for (const o of [...outputs[s]!].sort((a, b) => a - b)) this.outRules[k++] = o;
  }

  /**
   * Appends to `found` each rule with a required string in `text` that is not yet marked with
   * `stamp`, and marks it: marks[r] === stamp afterwards for exactly the rules found so far.
   */
  scan(text: string, marks: Uint32Array, stamp: number, found: number[]): void {
    const { classOf, width, next, outStart, outRules } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = next[state * width + classOf[text.charCodeAt(i)]!]!;
      const end = outStart[state + 1]!;
      for (let k = outStart[state]!; k < end; k++) {
        const rule = outRules[k]!;
        if (marks[rule] !== stamp) {
          marks[rule] = stamp;
          found.push(rule);
        }
      }
    }
  }
}
