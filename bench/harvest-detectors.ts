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
const START = "<!-- harvest-detectors:start -->";
const END = "<!-- harvest-detectors:end -->";

function throughput(posts: string[], seconds = 3): number {
  for (const post of posts.slice(0, 200)) detectSignals(post);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 100; i++) detectSignals(posts[(count + i) % posts.length]!);
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
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
const own = LANGUAGES.flatMap((language) => ["tune", "holdout"].map((split) => ({ language, split, items: readLabeled(path.join(fixtures, `harvest-eval/${language}-${split}.tsv`)) })));

// Posts as the job sees them: a few sentences each, made of the labeled sentences in order.
const sentences = [...dev, ...own.flatMap((o) => o.items)].map((item) => item.text);
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

const lines = [
  START,
  "## Harvest detectors",
  "",
  `Written by \`npm run bench:detectors\` (bench/harvest-detectors.ts); \`npm run eval\` prints the same figures with confusion counts. Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus()[0]?.model ?? "unknown CPU"}, Node.js ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared: compare runs with care).`,
  "",
  "A text counts as predicted for every kind it yields a signal of. The dev data is real and human-labeled (forum sentences from the VLC and Firefox forums, shop-assistant queries); the own sets were written for this project, the *tune* half before and while writing the rules, the *holdout* half after them (see the held-out note below).",
  "",
  "| set | kind | support | TP | FP | FN | precision | recall | F1 |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ...table("dev (en)", evaluate(dev)),
  ...own.flatMap((o) => table(`own ${o.split} ${o.language}`, evaluate(o.items))),
  "",
  "",
  "### Held-out figures (first run)",
  "",
  "The own *holdout* sets were run once, before any rule was changed because of them; these are the honest held-out figures (today's holdout rows above came after fixing the gaps that run showed):",
  "",
  "| set | kind | precision | recall |",
  "|---|---|---:|---:|",
  ...FIRST_HOLDOUT_RUN,
  "",
  "### Reading these figures",
  "",
  "- **Method**: phrase rules with weights, as data per language (`app/harvest/detectors/rules/`), combined as a noisy-or within a language and damped by counter-rules (bug reports, past purchases, order and delivery status, refunds, how-to questions, guidance, thanks); thresholds per kind in `config.ts`. No trained classifier: the dev data has 72 feature requests and 86 implied needs, and the sets in Swedish, Norwegian and Chinese are ours, so a classifier would mostly learn our own phrasing; rules stay reviewable by the people who tune them with the classify tool.",
  "- **Dev data**: buying intent and feature-request precision meet the targets (≥ 0.9 and ≥ 0.85); buying-intent recall does (> 0.6); feature-request recall does **not** (about 0.46 against 0.6): many of the forum's requests are bare titles (\"Relative playlist path\", \"resume playback\", \"Colour & Contrast Presets\") or plain descriptions of wanted behaviour with no request phrase, and rules that fire on such titles cost more precision than they gain. Implied needs run at about 0.7 precision and 0.65 recall: the forum labels \"I tried X and it still fails\" as an attempted solution but \"I tried X and got an error\" as a bug, a line phrase rules draw only roughly.",
  "- **Own sets**: the tune rows are at or near 1.00 because the rules were written against them; they show the rules cover the phrasing, not how well they generalise. The first held-out run is the better estimate for Swedish, Norwegian and Chinese.",
  "",
  `Throughput: ${Math.round(rate).toLocaleString("en")} posts/s on one core (posts of four labeled sentences, ${posts.length} distinct, language identification included). XSS corpus: ${xss.length.toLocaleString("en")} vectors in ${Math.round(xssMs)} ms, slowest ${slowest.toFixed(1)} ms.`,
  END,
];

const reportFile = path.resolve("bench/report.md");
const report = readFileSync(reportFile, "utf8");
const section = lines.join("\n");
const at = report.indexOf(START);
const next = at >= 0 ? report.slice(0, at) + section + report.slice(report.indexOf(END) + END.length) : `${report.trimEnd()}\n\n${section}\n`;
writeFileSync(reportFile, next);
console.log(section);
