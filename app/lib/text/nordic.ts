import { BEGIN, END, lexicon, MIDDLE, WORD, type Lexicon, type LexiconLanguage } from "./lexicon";

/**
 * Base forms and compound parts of Swedish and Norwegian (Bokmål) words.
 *
 * The snowball stemmers miss ordinary inflections: Swedish has no plain "-et" suffix, so
 * "lösenordet" stays whole; Norwegian strips "-a" from "faktura" but "-er" from "fakturaer"
 * ('faktur' and 'faktura'), and umlaut plurals ("hender" from "hånd") get another stem. So a
 * word's base forms are found here by undoing inflection suffixes and keeping only the results
 * the dictionary knows (see lexicon.ts), plus a table of umlaut plurals; the caller stems each.
 *
 * Compounds, which both languages write as one word ("fakturaadress", "handlekurven"), are split
 * where the dictionary allows: the first part must be marked as able to begin a compound and the
 * last as able to end one. That mark is what keeps "bilaga" whole: "aga" is a word, but not one
 * that ends compounds.
 */

/**
 * [suffix, replacement, siblings]: "lösenordet" less "et" is "lösenord". A result counts only if
 * it is a word, and a short one only if the dictionary also has a sibling form (the same stem
 * with one of the sibling suffixes): "lager" less "er" is the word "lag", but no "lagerna"
 * says that "lager" is its plural. Long words rarely meet by accident.
 */
type Rule = readonly [suffix: string, replacement: string, siblings: readonly string[]];

const SWEDISH_RULES: Rule[] = [
  // nouns: definite, plural, definite plural ("bilen", "bilar", "bilarna", "lösenordet",
  // "fakturor", "pojkar" ← "pojke", "äpplen", "äpplet")
  ["arna", "", ["ar"]], ["arna", "e", ["ar"]], ["erna", "", ["er"]], ["erna", "e", ["er"]], ["orna", "a", ["or"]], ["orna", "", ["or"]],
  ["rna", "", ["r"]], ["na", "", ["n", "t"]],
  ["ar", "", ["arna"]], ["ar", "e", ["arna"]], ["er", "", ["erna"]], ["er", "e", ["erna"]], ["or", "a", ["orna"]], ["or", "", ["orna"]], ["r", "", ["rna"]],
  ["en", "", ["ar", "er", "or", "arna", "erna", "et", "ens"]], ["et", "", ["en", "ets"]], ["n", "", ["na", "r", "t"]], ["t", "", ["n", "na", "a", "e", "de", "er"]],
  // adjectives ("stora", "snabbare", "snabbast")
  ["a", "", ["t", "e", "are"]], ["e", "", ["a", "t"]], ["are", "", ["ast", "a", "t"]], ["ast", "", ["are"]], ["aste", "", ["are"]],
  // verbs ("exporterar", "exporterade", "exporterat", "glömde", "köpte", "köpt", "exporteras")
  ["ar", "a", ["ade", "at"]], ["er", "a", ["de", "te", "t"]], ["ade", "a", ["ar", "at"]], ["at", "a", ["ar", "ade"]], ["de", "", ["er", "t"]], ["de", "a", ["er", "t"]],
  ["te", "", ["er", "t"]], ["te", "a", ["er", "t"]], ["t", "a", ["er", "te", "de"]], ["s", "", ["r"]], ["es", "", ["er"]],
];

const NORWEGIAN_RULES: Rule[] = [
  // nouns ("bilen", "biler", "bilene", "boka", "jenta" ← "jente", "jentene", "eplet", "passordet")
  ["ene", "", ["er", "en"]], ["ene", "e", ["er", "a", "en"]], ["ne", "", ["r", "n", "a"]], ["en", "", ["er", "ene", "et", "a"]], ["et", "", ["ene", "a", "er"]],
  ["a", "", ["er", "ene", "en"]], ["a", "e", ["er", "ene", "en"]], ["er", "", ["ene"]], ["r", "", ["ne", "n"]], ["n", "", ["r", "ne"]], ["t", "", ["ne", "r", "e"]],
  // adjectives ("store", "raskere", "raskest")
  ["e", "", ["t", "ere", "est"]], ["ere", "", ["est", "e"]], ["est", "", ["ere"]], ["este", "", ["ere"]],
  // verbs ("eksporterer", "eksporterte", "eksportert", "prøvde", "bodde", "eksporteres")
  ["er", "e", ["te", "de", "et", "t"]], ["te", "e", ["er", "t"]], ["t", "e", ["er", "te"]], ["de", "e", ["er"]], ["dde", "", ["r"]], ["s", "", ["r"]], ["es", "e", ["er"]],
];

/** Base forms shorter than this need a sibling form to count... */
const CONFIRM_BELOW = 6;
/**
 * ...except behind a definite ending, which seldom turns one word into another by accident
 * ("kontoen" → "konto", "kopian" → "kopia"; the Norwegian list lacks many such forms, and so
 * their siblings), if four letters or more.
 */
const DEFINITE: Record<LexiconLanguage, Set<string>> = { sv: new Set(["en", "et", "n", "t"]), no: new Set(["en", "et", "a", "n", "t"]) };
const MIN_DEFINITE_BASE = 4;
/** Endings after which a dropped e comes back: "varsl|ene" ← "varsel", "nyckl|ar" ← "nyckel", "numr|et" ← "nummer". */
const E_DROPPING: Record<LexiconLanguage, Set<string>> = { sv: new Set(["ar", "arna", "er", "erna", "et", "en", "na"]), no: new Set(["er", "ene", "en", "et", "a"]) };

/** Umlaut and other irregular plurals, which no suffix rule undoes. */
const IRREGULAR_FORMS: Record<LexiconLanguage, Record<string, string>> = {
  sv: {
    händer: "hand", händerna: "hand", länder: "land", länderna: "land", tänder: "tand", tänderna: "tand",
    stränder: "strand", stränderna: "strand", städer: "stad", städerna: "stad", böcker: "bok", böckerna: "bok",
    fötter: "fot", fötterna: "fot", rötter: "rot", rötterna: "rot", söner: "son", sönerna: "son",
    bönder: "bonde", bönderna: "bonde", nätter: "natt", nätterna: "natt", män: "man", männen: "man",
    möss: "mus", mössen: "mus", gäss: "gås", gässen: "gås", löss: "lus", lössen: "lus", fäder: "far", fäderna: "far",
    bröder: "bror", bröderna: "bror", mödrar: "mor", mödrarna: "mor", döttrar: "dotter", döttrarna: "dotter",
    ögon: "öga", ögonen: "öga", öron: "öra", öronen: "öra", större: "stor", störst: "stor", största: "stor",
    bättre: "bra", bäst: "bra", bästa: "bra", sämre: "dålig", sämst: "dålig", mindre: "liten", minst: "liten", lilla: "liten", små: "liten",
  },
  no: {
    hender: "hånd", hendene: "hånd", bøker: "bok", bøkene: "bok", føtter: "fot", føttene: "fot", røtter: "rot", røttene: "rot",
    tenner: "tann", tennene: "tann", netter: "natt", nettene: "natt", stenger: "stang", stengene: "stang",
    strender: "strand", strendene: "strand", bønder: "bonde", bøndene: "bonde", menn: "mann", mennene: "mann",
    tær: "tå", tærne: "tå", knær: "kne", knærne: "kne", trær: "tre", trærne: "tre", brødre: "bror", brødrene: "bror",
    fedre: "far", fedrene: "far", mødre: "mor", mødrene: "mor", døtre: "datter", døtrene: "datter", kyr: "ku", kyrne: "ku",
    gjess: "gås", gjessene: "gås", krefter: "kraft", kreftene: "kraft", øyne: "øye", øynene: "øye",
    større: "stor", størst: "stor", største: "stor", bedre: "god", best: "god", beste: "god", verre: "dårlig", verst: "dårlig",
    mindre: "liten", minst: "liten", lille: "liten", små: "liten",
  },
};

/** As maps: a word typed as "constructor" must not find Object.prototype's. */
const IRREGULAR: Record<LexiconLanguage, Map<string, string>> = {
  sv: new Map(Object.entries(IRREGULAR_FORMS.sv)),
  no: new Map(Object.entries(IRREGULAR_FORMS.no)),
};

const RULES: Record<LexiconLanguage, Rule[]> = { sv: SWEDISH_RULES, no: NORWEGIAN_RULES };

/** Shorter remainders are mostly accidents ("et" → "e"). */
const MIN_BASE = 3;

/**
 * Possible base forms of one inflected word (itself excluded), each a word of the dictionary.
 * A genitive "-s" is undone first ("bilens" → "bilen" → "bil").
 */
export function baseForms(word: string, language: LexiconLanguage): string[] {
  const lex = lexicon(language);
  const found = new Set<string>();
  const irregular = IRREGULAR[language];
  const forms = [word];
  if (word.endsWith("s") && word.length > MIN_BASE + 1 && lex.has(word.slice(0, -1))) forms.push(word.slice(0, -1));
  for (const form of forms) {
    if (form !== word) found.add(form);
    // A listed irregular form is not also read as a regular one ("hendene" is not "hende"+"ne").
    const listed = irregular.get(form);
    if (listed) {
      found.add(listed);
      continue;
    }
    for (const [suffix, replacement, siblings] of RULES[language]) {
      if (!form.endsWith(suffix)) continue;
      const stem = form.slice(0, form.length - suffix.length);
      if (stem.length < 2) continue;
      const confirmed = () => siblings.some((sibling) => stem + sibling !== form && lex.has(stem + sibling));
      const base = stem + replacement;
      if (replacement === "" && E_DROPPING[language].has(suffix) && /[^aeiouyåäöæø][lnr]$/u.test(stem)) {
        // "varsl" → "varsel"; a doubled consonant is single before the dropped e ("numr" → "nummer").
        const before = stem.slice(0, -1);
        for (const withE of [`${before}e${stem.slice(-1)}`, `${before}${before.slice(-1)}e${stem.slice(-1)}`]) if (lex.has(withE)) found.add(withE);
      }
      if (base.length >= MIN_BASE && lex.has(base)) {
        if (base.length >= CONFIRM_BELOW || (DEFINITE[language].has(suffix) && replacement === "" && base.length >= MIN_DEFINITE_BASE) || confirmed()) found.add(base);
      } else if (replacement === "" && /(\p{L})\1$/u.test(stem) && lex.has(stem.slice(0, -1)) && lex.has(`${stem}a`)) {
        // "glöm" ← "glömmer": verbs double the consonant of the stem ("glömma").
        found.add(stem.slice(0, -1));
      }
    }
  }
  found.delete(word);
  return [...found];
}

/**
 * Derivational endings that are also words ("else" is joy, "skap" a cupboard, "dom" a verdict):
 * "bekreftelse" and "vänskap" are no compounds of them.
 */
const SUFFIX_WORDS = new Set(["else", "elsen", "elser", "elsene", "skap", "skapet", "skapen", "skaper", "dom", "domen", "het", "heten", "heter", "hetene", "ning", "ningen"]);

/** Letters that join parts of a compound without belonging to either ("lösenord-s-byte", "leverings-tid"). */
const LINKS: Record<LexiconLanguage, string[]> = { sv: ["s"], no: ["s", "e"] };

/** Parts shorter than this are only taken when the dictionary marks them for compounds. */
const MIN_PART = 3;
const MIN_UNMARKED_PART = 4;
/** Words shorter than this are never split: few are compounds, many would split by accident. */
const MIN_COMPOUND = 6;
/**
 * A word the dictionary lists on its own is split only into a marked first part and a last
 * part at least this long: "handle|kurv", but not "lösen|ord", whose "ord" would find every
 * password, nor "pro|grammet".
 */
const MIN_PART_OF_LISTED = 4;

/**
 * The first part of a compound, without its linking letter ("leverings" → "levering"), if it
 * may begin one: marked so by the dictionary, or (unless `marked` is required) a long enough
 * word.
 */
function firstPart(lex: Lexicon, links: string[], head: string, minPart: number, markedOnly: boolean): { part: string; marked: boolean } | null {
  const candidates = [head, ...links.filter((link) => head.endsWith(link)).map((link) => head.slice(0, -link.length))];
  let unmarked: string | null = null;
  for (const part of candidates) {
    if (part.length < minPart) continue;
    const flags = lex.flags(part);
    if (flags & (BEGIN | MIDDLE)) return { part, marked: true };
    if (!markedOnly && unmarked === null && part.length >= MIN_UNMARKED_PART && flags & WORD) unmarked = part;
  }
  return unmarked === null ? null : { part: unmarked, marked: false };
}

/**
 * The parts of a compound ("fakturaadressen" → ["faktura", "adressen"]), or null. The longest
 * last part wins: the last part carries the meaning ("kund|korgen", not "kundkor|gen"). The
 * last part must be marked as able to end a compound, or be a word of four letters or more
 * after a marked first part of five or more ("rabatt|koden", not "löse|nord"); the first part must be marked, or a long enough
 * word, and may carry a linking "s" (or Norwegian "e"). A word the dictionary lists whole is
 * split only into marked parts of four letters or more. Three-part compounds come from
 * splitting the first part again.
 */
export function splitCompound(word: string, language: LexiconLanguage, depth = 0): string[] | null {
  if (word.length < MIN_COMPOUND) return null;
  const lex = lexicon(language);
  const listed = lex.has(word);
  const minPart = listed ? MIN_PART_OF_LISTED : MIN_PART;
  for (let cut = minPart; cut <= word.length - minPart; cut++) {
    const tail = word.slice(cut);
    if (SUFFIX_WORDS.has(tail)) continue;
    // An inflected last part the list lacks ("kontoen") counts by its base forms.
    const tailFlags = lex.flags(tail) || baseForms(tail, language).reduce((flags, base) => flags | lex.flags(base), 0);
    if (!tailFlags) continue;
    const head = firstPart(lex, LINKS[language], word.slice(0, cut), minPart, listed);
    const tailFits = (tailFlags & END) !== 0 || (head !== null && head.marked && head.part.length > MIN_UNMARKED_PART && tail.length >= MIN_UNMARKED_PART);
    if (!tailFits) continue;
    if (head) return [head.part, tail];
    if (depth === 0 && !listed) {
      const headParts = splitCompound(word.slice(0, cut), language, 1);
      if (headParts) return [...headParts, tail];
    }
  }
  return null;
}
