/**
 * A detector thread: runs `detectSignals` over the posts it is sent and answers with their
 * signals, in the same order. Detection is pure CPU work; on a thread of its own it runs beside
 * the pass's database work and beside the other detector threads (detector-pool.server.ts).
 */
import { parentPort } from "node:worker_threads";
import { loadLanguageIdentifier } from "../detectors";
import { detectPosts, type DetectRequest, type DetectResponse } from "./detector-pool.server";

// Posts carry the language found when they were written; the identifier (loaded once) is
// needed only for a post without one.

parentPort!.on("message", async (request: DetectRequest) => {
  let response: DetectResponse;
  try {
    if (request.posts.some((p) => !p.language)) await loadLanguageIdentifier();
    response = { seq: request.seq, signals: detectPosts(request.posts) };
  } catch (error) {
    response = { seq: request.seq, error: (error as Error).message };
  }
  parentPort!.postMessage(response);
});
