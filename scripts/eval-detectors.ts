/**
 * npm run eval: precision, recall and F1 of the harvest detectors per kind, on the dev data
 * (real forum sentences and shop queries) and on our own sets per language, tuning and
 * held-out halves and the two blind sets apart. `--errors` lists what each set got wrong.
 */
import path from "node:path";
import { loadLanguageIdentifier } from "../app/harvest/detectors/language";
import { evaluate, readLabeled, type Evaluation, type LabeledText } from "../app/harvest/detectors/evaluate";
import { SIGNAL_KINDS } from "../app/harvest/detectors/types";
import { LANGUAGES } from "../db/schema";

const fixtures = path.resolve("tests/fixtures");
const showErrors = process.argv.includes("--errors");

function pct(value: number): string {
  return value.toFixed(2);
}

function print(name: string, items: LabeledText[]): Evaluation {
  const result = evaluate(items);
  console.log(`\n${name} (${result.count} texts)`);
  console.log("  kind             support  TP  FP  FN  precision  recall  F1");
  for (const kind of SIGNAL_KINDS) {
    const k = result.kinds[kind];
    const support = k.truePositives + k.falseNegatives;
    if (support === 0 && k.falsePositives === 0) continue;
    console.log(
      `  ${kind.padEnd(16)} ${String(support).padStart(7)} ${String(k.truePositives).padStart(3)} ${String(k.falsePositives).padStart(3)} ${String(k.falseNegatives).padStart(3)}  ${pct(k.precision).padStart(9)}  ${pct(k.recall).padStart(6)}  ${pct(k.f1)}`,
    );
  }
  const labels = [...SIGNAL_KINDS, "none"] as const;
  console.log(`  confusion (rows: label, columns: predicted): ${labels.join(" / ")}`);
  for (const label of labels) {
    const row = labels.map((p) => String(result.confusion[label][p]).padStart(5)).join("");
    if (labels.some((p) => result.confusion[label][p] > 0)) console.log(`    ${label.padEnd(16)}${row}`);
  }
  if (showErrors) for (const e of result.errors) console.log(`    ✗ [${e.label} → ${e.predicted.join(",")}] ${e.text}`);
  return result;
}

await loadLanguageIdentifier();
const dev = [
  ...readLabeled(path.join(fixtures, "harvest-dev/forum-sentences.tsv")),
  ...readLabeled(path.join(fixtures, "harvest-dev/shop-queries.tsv")),
];
print("dev: forum sentences + shop queries (en)", dev);

for (const split of ["tune", "holdout", "blind", "blind2"]) {
  for (const language of LANGUAGES) {
    const items = safeRead(path.join(fixtures, `harvest-eval/${language}-${split}.tsv`));
    if (items.length > 0) print(`own ${split}: ${language}`, items);
  }
}

function safeRead(file: string): LabeledText[] {
  try {
    return readLabeled(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
