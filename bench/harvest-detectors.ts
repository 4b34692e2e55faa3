/**
 * npm run bench:detectors: detection throughput (posts per second on one core) and the
 * quality figures, written into the "Harvest detectors" section of bench/report.md (replacing
 * that section only, so the other benchmarks' results stay).
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { detectSignals, loadLanguageIdentifier } from "../app/harvest/detectors";
import { evaluate, readLabeled, type Evaluation } from "../app/harvest/detectors/evaluate";
import { SIGNAL_KINDS } from "../app/harvest/detectors/types";
import { LANGUAGES } from "../db/schema";

const fixtures = path.resolve("tests/fixtures");
/** The own holdout sets' figures on their first run, before any rule changed because of them. */
const FIRST_HOLDOUT_RUN = [
  "| holdout en (first run) | feature_request | 1.00 | 0.92 |",
  "| holdout en (first run) | implied_need | 1.00 | 0.82 |",
  "| holdout en (first run) | buying_intent | 0.93 | 1.00 |",
  "| holdout sv (first run) | feature_request | 0.92 | 1.00 |",
  "| holdout sv (first run) | implied_need | 1.00 | 0.55 |",
  "| holdout sv (first run) | buying_intent | 1.00 | 0.86 |",
  "| holdout no (first run) | feature_request | 0.92 | 1.00 |",
  "| holdout no (first run) | implied_need | 1.00 | 0.55 |",
  "| holdout no (first run) | buying_intent | 1.00 | 0.86 |",
  "| holdout zh (first run) | feature_request | 1.00 | 0.67 |",
  "| holdout zh (first run) | implied_need | 1.00 | 0.91 |",
  "| holdout zh (first run) | buying_intent | 0.74 | 1.00 |",
];
/**
 * The blind sets (125 sentences per language, other scenarios than tune and holdout, not
 * translations of each other) on their first run, with the rules of the previous round, before
 * any rule changed because of them: language, kind, support, TP, FP, FN, precision, recall.
 */
const FIRST_BLIND_RUN = [
  "| en | feature_request | 31 | 7 | 0 | 24 | 1.00 | 0.23 |",
  "| en | implied_need | 25 | 10 | 0 | 15 | 1.00 | 0.40 |",
  "| en | buying_intent | 25 | 12 | 2 | 13 | 0.86 | 0.48 |",
  "| sv | feature_request | 31 | 8 | 0 | 23 | 1.00 | 0.26 |",
  "| sv | implied_need | 25 | 9 | 0 | 16 | 1.00 | 0.36 |",
  "| sv | buying_intent | 25 | 13 | 6 | 12 | 0.68 | 0.52 |",
  "| no | feature_request | 31 | 8 | 0 | 23 | 1.00 | 0.26 |",
  "| no | implied_need | 25 | 8 | 0 | 17 | 1.00 | 0.32 |",
  "| no | buying_intent | 25 | 10 | 2 | 15 | 0.83 | 0.40 |",
  "| zh | feature_request | 31 | 23 | 0 | 8 | 1.00 | 0.74 |",
  "| zh | implied_need | 25 | 12 | 0 | 13 | 1.00 | 0.48 |",
  "| zh | buying_intent | 25 | 19 | 10 | 6 | 0.66 | 0.76 |",
];
/**
 * The second blind sets (60 sentences per language, again other scenarios), written after the
 * rule changes for the dev data and the first blind sets, on their first run: the estimate of how
 * those rules do on text nobody tuned them on.
 */
const FIRST_BLIND2_RUN = [
  "| en | feature_request | 15 | 8 | 0 | 7 | 1.00 | 0.53 |",
  "| en | implied_need | 12 | 4 | 0 | 8 | 1.00 | 0.33 |",
  "| en | buying_intent | 12 | 9 | 0 | 3 | 1.00 | 0.75 |",
  "| sv | feature_request | 15 | 12 | 0 | 3 | 1.00 | 0.80 |",
  "| sv | implied_need | 12 | 6 | 0 | 6 | 1.00 | 0.50 |",
  "| sv | buying_intent | 12 | 9 | 0 | 3 | 1.00 | 0.75 |",
  "| no | feature_request | 15 | 9 | 0 | 6 | 1.00 | 0.60 |",
  "| no | implied_need | 12 | 8 | 0 | 4 | 1.00 | 0.67 |",
  "| no | buying_intent | 12 | 5 | 0 | 7 | 1.00 | 0.42 |",
  "| zh | feature_request | 15 | 6 | 0 | 9 | 1.00 | 0.40 |",
  "| zh | implied_need | 12 | 8 | 0 | 4 | 1.00 | 0.67 |",
  "| zh | buying_intent | 12 | 9 | 4 | 3 | 0.69 | 0.75 |",
];
/** Dev figures of the previous round (main before this branch), for comparison. */
const DEV_BEFORE: Record<string, string> = {
  feature_request: "0.94 / 0.46",
  implied_need: "0.71 / 0.65",
  buying_intent: "0.99 / 0.81",
};
const START = "<!-- harvest-detectors:start -->";
const END = "<!-- harvest-detectors:end -->";

/** Posts per second by the wall clock and by this process's CPU time (steadier on a shared machine). */
function throughput(posts: string[], seconds = 3): { wall: number; cpu: number } {
  for (const post of posts.slice(0, 200)) detectSignals(post);
  let count = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 100; i++) detectSignals(posts[(count + i) % posts.length]!);
    count += 100;
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: count / ((performance.now() - started) / 1000), cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

function table(name: string, result: Evaluation): string[] {
  const rows = SIGNAL_KINDS.filter((k) => result.kinds[k].truePositives + result.kinds[k].falseNegatives + result.kinds[k].falsePositives > 0).map((kind) => {
    const k = result.kinds[kind];
    return `| ${name} | ${kind} | ${k.truePositives + k.falseNegatives} | ${k.truePositives} | ${k.falsePositives} | ${k.falseNegatives} | ${k.precision.toFixed(2)} | ${k.recall.toFixed(2)} | ${k.f1.toFixed(2)} |`;
  });
  return rows;
}

await loadLanguageIdentifier();
const dev = [...readLabeled(path.join(fixtures, "harvest-dev/forum-sentences.tsv")), ...readLabeled(path.join(fixtures, "harvest-dev/shop-queries.tsv"))];
const own = LANGUAGES.flatMap((language) => ["tune", "holdout", "blind", "blind2"].map((split) => ({ language, split, items: readLabeled(path.join(fixtures, `harvest-eval/${language}-${split}.tsv`)) })));

// Posts as the job sees them: a few sentences each, made of the labeled sentences in order (the
// dev data and the tune and holdout sets only, so the figure compares with earlier rounds').
const sentences = [...dev, ...own.filter((o) => o.split === "tune" || o.split === "holdout").flatMap((o) => o.items)].map((item) => item.text);
const posts: string[] = [];
for (let i = 0; i < sentences.length; i += 4) posts.push(sentences.slice(i, i + 4).join(" "));
const rate = throughput(posts);
const xss = readFileSync(path.join(fixtures, "xss-vectors.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { vector: string }).vector);
const xssStarted = performance.now();
let slowest = 0;
for (const vector of xss) {
  const t = performance.now();
  detectSignals(vector);
  slowest = Math.max(slowest, performance.now() - t);
}
const xssMs = performance.now() - xssStarted;

const devNow = evaluate(dev);
const lines = [
  START,
  "## Harvest detectors",
  "",
  `Written by \`npm run bench:detectors\` (bench/harvest-detectors.ts); \`npm run eval\` prints the same figures with confusion counts. Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus()[0]?.model ?? "unknown CPU"}, Node.js ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared: compare runs with care).`,
  "",
  "A text counts as predicted for every kind it yields a signal of. The dev data is real and human-labeled (forum sentences from the VLC and Firefox forums, shop-assistant queries); the own sets were written for this project: *tune* before and while writing the rules, *holdout* after them, *blind* (125 per language) and *blind2* (60 per language) in this round, each before any rule changed because of it (see the held-out figures below).",
  "",
  "| set | kind | support | TP | FP | FN | precision | recall | F1 |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ...table("dev (en)", devNow),
  ...own.flatMap((o) => table(`own ${o.split} ${o.language}`, evaluate(o.items))),
  "",
  "### Dev data: this round against the previous one",
  "",
  "| kind | previous P / R | now P / R |",
  "|---|---:|---:|",
  ...SIGNAL_KINDS.map((kind) => `| ${kind} | ${DEV_BEFORE[kind]} | ${devNow.kinds[kind].precision.toFixed(2)} / ${devNow.kinds[kind].recall.toFixed(2)} |`),
  "",
  "A trained classifier was tried against the rules (`npx tsx scripts/classifier-experiment.ts`: L2-regularised logistic regression on word unigrams and bigrams plus length and punctuation features, 5-fold cross-validation stratified by label, fixed seed, so every figure is on sentences the model did not see). For feature requests, rules OR classifier ≥ 0.5 gave P 0.94 / R 0.61 (no true positive beyond the rules, one more false one), and at ≥ 0.7 it was the same as the rules alone; the classifier alone reached R 0.06–0.11. For implied needs, rules AND classifier ≥ 0.1 gave P 0.85 / R 0.38 against the rules' 0.80 / 0.74. With 72 requests and 86 needs to learn from it adds nothing the rules lack, so none ships.",
  "",
  "### Held-out figures (first runs)",
  "",
  "Each own held-out set was run once before any rule was changed because of it. Those first runs are the honest held-out figures; the rows in the table above came after fixing the general gaps each run showed, so for *holdout* and *blind* they are no longer held out.",
  "",
  "*holdout* (61 per language, previous round):",
  "",
  "| set | kind | precision | recall |",
  "|---|---|---:|---:|",
  ...FIRST_HOLDOUT_RUN,
  "",
  "*blind* (125 per language, written in this round before any rule change, run with the previous round's rules):",
  "",
  "| language | kind | support | TP | FP | FN | precision | recall |",
  "|---|---|---:|---:|---:|---:|---:|---:|",
  ...FIRST_BLIND_RUN,
  "",
  "*blind2* (60 per language, written after all rule changes for the dev data and *blind*, run once; the rows above for blind2 came after fixing the gaps it showed):",
  "",
  "| language | kind | support | TP | FP | FN | precision | recall |",
  "|---|---|---:|---:|---:|---:|---:|---:|",
  ...FIRST_BLIND2_RUN,
  "",
  "### Reading these figures",
  "",
  "- **Method**: phrase rules with weights, as data per language (`app/harvest/detectors/rules/`), combined as a noisy-or within a language and damped by counter-rules (bug reports, past purchases, order and delivery status, refunds, how-to questions, guidance, thanks, and now not-buying: \"we won't buy\", \"vi köper inte\", \"vi kjøper ikke\", \"我们不会买\", also after a hypothetical, unless a purchase condition follows, which counts as intent); thresholds per kind in `config.ts`. This round widened the phrase families in all four languages (modal and desire constructions, subjectless forum style, agreement and voting, attempts and their outcome, limits such as \"can only\"), narrowed \"I have the same problem\" (the forum's labelers call it agreeing with the problem, not a need), and kept English rules out of the other languages (only \"+1\" and \"Feature request:\" are shared; a unit test holds it).",
  "- **Dev data**: all targets are met: feature requests P ≥ 0.85 with recall just over 0.6 (44 of 72), implied needs P 0.80, buying intent P ≥ 0.9 and R > 0.6. The new English rules were found by reading the misses; each is a general construction, but most fire on one or two dev sentences only, so the dev gain (0.46 to 0.61) overstates what other forum text will show. Many of the remaining requests are bare titles (\"Relative playlist path\", \"resume playback\") whose label comes from the sub-forum they were posted in, not from their words: titles split about evenly between requests and other posts, so no text rule picks them out precisely.",
  "- **Own sets**: the tune, holdout, blind and blind2 rows in the first table are at or near 1.00 (blind2 implied needs 0.75–1.00) because the rules were written or fixed against them. The first runs are the estimates: *blind* with the previous round's rules showed recall of 0.23–0.52 for English, Swedish and Norwegian requests, needs and intent (Chinese requests 0.74), and buying-intent precision of 0.66–0.86 (negations and bug reports about prices); *blind2*, on the rules before its own fixes, kept precision at 1.00 except Chinese buying intent (0.69, bug reports about prices and a renewal complaint), with recall 0.40–0.80 for requests, 0.33–0.67 for needs and 0.42–0.75 for intent. Precision holds on unseen text; recall is what unseen phrasings cost, in every language, and is below the 0.6 target for several kinds. The English rules were partly shaped by reading *blind*'s first-run misses, so *blind* says nothing more about English after that run.",
  "- **Cost**: Latin-script rules read a one-byte copy of each sentence (characters above U+00FF replaced, position for position, by Latin-1 stand-ins of the same class), because V8 runs hundreds of expressions over two-byte strings (Chinese text with Latin words) about ten times slower; rules and counters are grouped 24 to an expression. Everything stays linear in the length of the text: 40 KB of hostile text takes 0.03–0.2 s (mixed Chinese and Latin about 0.1 s, down from 1 s before the one-byte copy), a dense run of rule words up to about 0.7 s on a first call.",
  "",
  `Throughput: ${Math.round(rate.wall).toLocaleString("en")} posts/s on one core by the wall clock, ${Math.round(rate.cpu).toLocaleString("en")} by CPU time (posts of four labeled sentences from the dev, tune and holdout sets, ${posts.length} distinct, language identification included). Measured back to back on the same posts by CPU time (median of five passes), the previous round's rules ran 2,554 posts/s and this round's 1,805 (0.71×) for a rule set about 60% larger; the absolute figures here move with the machine's load. XSS corpus: ${xss.length.toLocaleString("en")} vectors in ${Math.round(xssMs)} ms, slowest ${slowest.toFixed(1)} ms.`,
  END,
];

const reportFile = path.resolve("bench/report.md");
const report = readFileSync(reportFile, "utf8");
const section = lines.join("\n");
const at = report.indexOf(START);
const next = at >= 0 ? report.slice(0, at) + section + report.slice(report.indexOf(END) + END.length) : `${report.trimEnd()}\n\n${section}\n`;
writeFileSync(reportFile, next);
console.log(section);
