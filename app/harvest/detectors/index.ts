/**
 * The harvest detectors: pure functions that find feature requests, implied needs and buying
 * intent in community posts. The harvesting job calls `detectSignals` per post (after awaiting
 * `loadLanguageIdentifier` once); the classify endpoint calls `classifyText`.
 */
export { classifyText, detectSignals } from "./detect";
export { identifyLanguage, loadLanguageIdentifier } from "./language";
export { splitSentences, type Sentence } from "./sentences";
export { THRESHOLDS } from "./config";
export { SIGNAL_KINDS, type DetectOptions, type Language, type Signal, type SignalKind } from "./types";
