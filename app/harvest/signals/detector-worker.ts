/**
 * A detector thread: runs `detectSignals` over the posts it is sent and answers with their
 * signals, in the same order. Detection is pure CPU work; on a thread of its own it runs beside
 * the pass's database work and beside the other detector threads (detector-pool.server.ts).
 */
import { parentPort } from "node:worker_threads";
import { detectSignals, loadLanguageIdentifier } from "../detectors";
import type { DetectRequest, DetectResponse } from "./detector-pool.server";

const ready = loadLanguageIdentifier();

parentPort!.on("message", async (request: DetectRequest) => {
  await ready;
  let response: DetectResponse;
  try {
    response = { seq: request.seq, signals: request.posts.map((p) => detectSignals(p.text, p.language ? { language: p.language } : {})) };
  } catch (error) {
    response = { seq: request.seq, error: (error as Error).message };
  }
  parentPort!.postMessage(response);
});
