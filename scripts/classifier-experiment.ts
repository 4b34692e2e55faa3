/**
 * npx tsx scripts/classifier-experiment.ts: would a small trained classifier help the phrase
 * rules on the dev data? L2-regularised logistic regression on word unigrams and bigrams and a
 * few shape features (length, final punctuation, first word), 5-fold cross-validation stratified
 * by label with a fixed seed, so no figure below comes from a sentence the model was trained on.
 * For feature requests it reports rules OR classifier above a threshold (more recall?), for
 * implied needs rules AND classifier above a threshold (more precision?). The result is recorded
 * in bench/report.md; nothing here ships: the classifier did not earn its place.
 */
import path from "node:path";
import { detectSignals, loadLanguageIdentifier } from "../app/harvest/detectors";
import { readLabeled, type LabeledText } from "../app/harvest/detectors/evaluate";
import { normalize } from "../app/harvest/detectors/normalize";
import type { SignalKind } from "../app/harvest/detectors/types";

const FOLDS = 5;
const SEED = 20240601;

function features(text: string): string[] {
  const normalized = normalize(text).text;
  const words = [...normalized.matchAll(/[\p{L}\p{N}+]+/gu)].map((m) => (/^\d+$/.test(m[0]) ? "0" : m[0])).slice(0, 120);
  if (words.length === 0) return [];
  const out = new Set<string>([`^ ${words[0]}`]);
  words.forEach((word, i) => {
    out.add(word);
    if (i > 0) out.add(`${words[i - 1]} ${word}`);
  });
  const n = words.length;
  out.add(n <= 3 ? "#len:1-3" : n <= 8 ? "#len:4-8" : n <= 20 ? "#len:9-20" : "#len:21+");
  const last = normalized[normalized.length - 1] ?? "";
  out.add(`#end:${/[\p{L}\p{N}]/u.test(last) ? "word" : last}`);
  return [...out];
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Fold of each item: items of each label shuffled with the seed and dealt round-robin. */
function stratifiedFolds(items: LabeledText[]): number[] {
  const next = random(SEED);
  const fold = new Array<number>(items.length).fill(0);
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), i]));
  for (const indices of byLabel.values()) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    indices.forEach((index, n) => (fold[index] = n % FOLDS));
  }
  return fold;
}

/** Full-batch Adam on the L2-regularised log loss; features seen fewer than twice are dropped. */
function train(rows: string[][], labels: number[], l2: number): (row: string[]) => number {
  const counts = new Map<string, number>();
  for (const row of rows) for (const f of row) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, c]) => c >= 2).map(([f]) => f);
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const encoded = rows.map((row) => row.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const w = new Float64Array(vocabulary.length);
  const m = new Float64Array(vocabulary.length);
  const v = new Float64Array(vocabulary.length);
  const g = new Float64Array(vocabulary.length);
  let b = 0;
  let mb = 0;
  let vb = 0;
  const [rate, beta1, beta2] = [0.05, 0.9, 0.999];
  for (let step = 1; step <= 400; step++) {
    g.fill(0);
    let gb = 0;
    encoded.forEach((row, i) => {
      let z = b;
      for (const j of row) z += w[j]!;
      const d = 1 / (1 + Math.exp(-z)) - labels[i]!;
      gb += d;
      for (const j of row) g[j] += d;
    });
    const n = encoded.length;
    for (let j = 0; j < w.length; j++) {
      const gj = (g[j]! + l2 * w[j]!) / n;
      m[j] = beta1 * m[j]! + (1 - beta1) * gj;
      v[j] = beta2 * v[j]! + (1 - beta2) * gj * gj;
      w[j] -= (rate * (m[j]! / (1 - beta1 ** step))) / (Math.sqrt(v[j]! / (1 - beta2 ** step)) + 1e-8);
    }
    mb = beta1 * mb + (1 - beta1) * (gb / n);
    vb = beta2 * vb + (1 - beta2) * (gb / n) ** 2;
    b -= (rate * (mb / (1 - beta1 ** step))) / (Math.sqrt(vb / (1 - beta2 ** step)) + 1e-8);
  }
  const weights = new Map(vocabulary.map((f, i) => [f, w[i]!]));
  return (row) => 1 / (1 + Math.exp(-row.reduce((z, f) => z + (weights.get(f) ?? 0), b)));
}

await loadLanguageIdentifier();
const dev = path.resolve("tests/fixtures/harvest-dev");
const items = [...readLabeled(path.join(dev, "forum-sentences.tsv")), ...readLabeled(path.join(dev, "shop-queries.tsv"))];
const rows = items.map((item) => features(item.text));
const rules = items.map((item) => new Set(detectSignals(item.text).map((s) => s.kind)));
const fold = stratifiedFolds(items);

function report(kind: SignalKind, name: string, predicted: (i: number) => boolean): string {
  let tp = 0;
  let fp = 0;
  const support = items.filter((item) => item.label === kind).length;
  items.forEach((item, i) => {
    if (!predicted(i)) return;
    if (item.label === kind) tp++;
    else fp++;
  });
  return `  ${name.padEnd(34)} TP ${String(tp).padStart(3)}  FP ${String(fp).padStart(3)}  P ${(tp / Math.max(1, tp + fp)).toFixed(2)}  R ${(tp / support).toFixed(2)}`;
}

for (const [kind, combine] of [["feature_request", "or"], ["implied_need", "and"]] as const) {
  const labels: number[] = items.map((item) => (item.label === kind ? 1 : 0));
  console.log(`\n${kind} (${labels.reduce((a, b) => a + b, 0)} of ${items.length}), ${FOLDS}-fold stratified, seed ${SEED}`);
  console.log(report(kind, "rules alone", (i) => rules[i]!.has(kind)));
  for (const l2 of [1, 3]) {
    const outOfFold = new Array<number>(items.length).fill(0);
    for (let k = 0; k < FOLDS; k++) {
      const train_ = items.map((_, i) => i).filter((i) => fold[i] !== k);
      const model = train(train_.map((i) => rows[i]!), train_.map((i) => labels[i]!), l2);
      items.forEach((_, i) => {
        if (fold[i] === k) outOfFold[i] = model(rows[i]!);
      });
    }
    for (const t of combine === "or" ? [0.5, 0.7, 0.8] : [0.1, 0.15, 0.2]) {
      console.log(report(kind, `classifier >= ${t} (l2 ${l2})`, (i) => outOfFold[i]! >= t));
      console.log(report(kind, `rules ${combine.toUpperCase()} classifier >= ${t}`, (i) => (combine === "or" ? rules[i]!.has(kind) || outOfFold[i]! >= t : rules[i]!.has(kind) && outOfFold[i]! >= t)));
    }
  }
}
