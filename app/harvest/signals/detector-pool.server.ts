/**
 * Detector threads for a large signals stage. A full pass over a big community reads every
 * member's post (a million at 100,000 threads) and detection, a few hundred regular
 * expressions per sentence, is nearly all of its time: spread over the machine's cores it
 * finishes in a fraction. Small passes (the incremental ones after each accepted answer) detect
 * inline instead: starting threads would cost more than it saves.
 *
 * The threads load the detectors through tsx, as the server and the command line do
 * (detector-thread.mjs).
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { detectSignals, type Language, type Signal } from "../detectors";

/**
 * The thread's entry file, from the project root like the other workers' (the code that starts
 * it may run bundled elsewhere, so not relative to this module).
 */
const DETECTOR_THREAD = path.resolve(process.cwd(), "app/harvest/signals/detector-thread.mjs");

export interface DetectPost {
  text: string;
  language: Language | null;
}
export interface DetectRequest {
  seq: number;
  posts: DetectPost[];
}
export type DetectResponse = { seq: number; signals: Signal[][] } | { seq: number; error: string };

/** Detects the signals of many posts at once, answering in the posts' order. */
export type Detect = (posts: DetectPost[]) => Promise<Signal[][]>;

/** Below this many posts to scan, a pass detects on its own thread. */
export const POOL_THRESHOLD = 5_000;

/** The detectors over each post, with the post's own language where it is known. */
export function detectPosts(posts: DetectPost[]): Signal[][] {
  return posts.map((p) => detectSignals(p.text, p.language ? { language: p.language } : {}));
}

export const detectInline: Detect = async (posts) => detectPosts(posts);

export interface DetectorPool {
  detect: Detect;
  size: number;
  close(): Promise<void>;
}

/** One thread per core (at most `max`); each request is split evenly across them. */
export function startDetectorPool(options: { size?: number; max?: number } = {}): DetectorPool {
  const size = options.size ?? Math.max(1, Math.min(os.availableParallelism(), options.max ?? 4));
  const workers = Array.from({ length: size }, () => new Worker(DETECTOR_THREAD));
  let seq = 0;
  const pending = new Map<number, { resolve: (signals: Signal[][]) => void; reject: (error: Error) => void }>();
  // Once a thread has failed the pool answers nothing more: every later request fails at once.
  let broken: Error | null = null;
  const fail = (error: Error) => {
    broken ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  for (const worker of workers) {
    worker.on("message", (response: DetectResponse) => {
      const waiting = pending.get(response.seq);
      if (!waiting) return;
      pending.delete(response.seq);
      if ("error" in response) waiting.reject(new Error(`detector thread: ${response.error}`));
      else waiting.resolve(response.signals);
    });
    // A thread that dies fails what it was doing; the pass fails and its retry resumes it.
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`detector thread exited${code ? ` with code ${code}` : ""}`)));
  }
  const ask = (worker: Worker, posts: DetectPost[]) =>
    new Promise<Signal[][]>((resolve, reject) => {
      if (broken) return reject(broken);
      const id = ++seq;
      pending.set(id, { resolve, reject });
      worker.postMessage({ seq: id, posts } satisfies DetectRequest);
    });
  return {
    size,
    async detect(posts) {
      const share = Math.ceil(posts.length / size);
      const parts = await Promise.all(workers.map((w, i) => posts.slice(i * share, (i + 1) * share)).filter((part) => part.length > 0).map((part, i) => ask(workers[i]!, part)));
      return parts.flat();
    },
    async close() {
      broken ??= new Error("the detector pool is closed");
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
