/**
 * Precision and recall of the detectors on labeled sentences (one label per text: a kind or
 * "none"). A text counts as predicted for every kind it yields a signal of, so a sentence that
 * fires the wrong kind costs that kind's precision. Used by `npm run eval` and by the test that
 * holds the floors.
 */
import { readFileSync } from "node:fs";
import { detectSignals } from "./detect";
import { SIGNAL_KINDS, type Language, type SignalKind } from "./types";

export type Label = SignalKind | "none";

export interface LabeledText {
  text: string;
  label: Label;
  language: Language;
}

export interface KindFigures {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  count: number;
  kinds: Record<SignalKind, KindFigures>;
  /** confusion[label][predicted]: "none" when nothing fired; a text may count in several columns. */
  confusion: Record<Label, Record<Label, number>>;
  errors: Array<{ text: string; label: Label; predicted: Label[] }>;
}

const LABELS: Label[] = [...SIGNAL_KINDS, "none"];

/** Reads a TSV with a header row and columns text, label and (optionally) language. */
export function readLabeled(file: string, defaultLanguage: Language = "en"): LabeledText[] {
  const [header, ...rows] = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  const columns = header!.split("\t");
  const textAt = columns.indexOf("text");
  const labelAt = columns.indexOf("label");
  const languageAt = columns.indexOf("language");
  return rows.map((row) => {
    const cells = row.split("\t");
    const label = cells[labelAt] as Label;
    if (!LABELS.includes(label)) throw new Error(`${file}: unknown label ${label}`);
    return { text: cells[textAt]!, label, language: (languageAt >= 0 ? cells[languageAt] : defaultLanguage) as Language };
  });
}

function figures(tp: number, fp: number, fn: number): KindFigures {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

export function evaluate(items: LabeledText[]): Evaluation {
  const counts = Object.fromEntries(SIGNAL_KINDS.map((kind) => [kind, { tp: 0, fp: 0, fn: 0 }])) as Record<SignalKind, { tp: number; fp: number; fn: number }>;
  const confusion = Object.fromEntries(LABELS.map((label) => [label, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Evaluation["confusion"];
  const errors: Evaluation["errors"] = [];
  for (const item of items) {
    const predicted = [...new Set(detectSignals(item.text).map((signal) => signal.kind))];
    for (const kind of SIGNAL_KINDS) {
      const hit = predicted.includes(kind);
      if (hit && item.label === kind) counts[kind].tp++;
      else if (hit) counts[kind].fp++;
      else if (item.label === kind) counts[kind].fn++;
    }
    const columns: Label[] = predicted.length > 0 ? predicted : ["none"];
    for (const column of columns) confusion[item.label][column]++;
    if (!(columns.length === 1 && columns[0] === item.label)) errors.push({ text: item.text, label: item.label, predicted: columns });
  }
  const kinds = Object.fromEntries(SIGNAL_KINDS.map((kind) => [kind, figures(counts[kind].tp, counts[kind].fp, counts[kind].fn)])) as Record<SignalKind, KindFigures>;
  return { count: items.length, kinds, confusion, errors };
}
