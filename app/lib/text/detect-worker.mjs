// @ts-check
/**
 * Language identification with eld (medium n-gram database) in a worker thread. Its database
 * is a 2 MB JavaScript module that takes most of a second to load and about 190 MB of memory:
 * here it neither blocks the server's event loop while loading nor stays in memory once the
 * server stops writing posts (detect.ts ends the thread when idle).
 *
 * Plain JavaScript on purpose: `new Worker(path)` loads it both under tsx and from the esbuild
 * server bundle, so it must run under bare node.
 *
 * Protocol: receives `{id, text}`, replies `{id, scores, reliable}` (eld's scores by ISO 639-1 code).
 */
import { parentPort } from "node:worker_threads";
import { eld } from "eld/medium";

parentPort?.on("message", (/** @type {{ id: number, text: string }} */ { id, text }) => {
  const result = eld.detect(text);
  parentPort?.postMessage({ id, scores: result.getScores(), reliable: result.isReliable() });
});
