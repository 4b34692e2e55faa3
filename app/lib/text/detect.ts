import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Language } from "../../../db/schema";
import { CJK_RANGE } from "./chinese";

/**
 * Language identification with eld (efficient language detector, medium n-gram database),
 * narrowed to the languages we index, with the author's locale as the tie-breaker for short
 * texts: a two-word reply says too little ("Funker ikke" reads as Danish to every detector).
 *
 * eld runs in a worker thread (detect-worker.mjs), started on first use and ended after a
 * while without any: its database costs most of a second to load and about 190 MB, which a
 * server that only serves reads should not carry.
 */

/** eld's codes for what we index. Danish is read as Norwegian: we index no Danish, and short Bokmål often scores Danish. */
const OURS: Record<string, Language> = { en: "en", sv: "sv", no: "no", nb: "no", nn: "no", da: "no", zh: "zh" };

const CJK_GLOBAL = new RegExp(`[${CJK_RANGE}]`, "gu");
/** Below this many letters a text is short: the author's locale wins a close call. */
const SHORT = 40;
/** A close call: the locale's score is at least this share of the best one's. */
const CLOSE = 0.85;
/** eld reads this much; more only costs time. */
const SAMPLE = 1000;
/** The worker ends after this long without a request. */
const IDLE_MS = 5 * 60_000;

interface Detection {
  scores: Record<string, number>;
  reliable: boolean;
}

/**
 * Not relative to this module: the server bundle lives in build/, which does not contain the
 * worker, whereas the server always runs from the project root (npm start, npm run dev, tests).
 * GLEANER_LANGUAGE_WORKER overrides it for other layouts (a relative path is also from the root).
 */
function workerFile(): string {
  return path.resolve(process.cwd(), process.env.GLEANER_LANGUAGE_WORKER || "app/lib/text/detect-worker.mjs");
}

/** One worker answering requests in order; it holds the process open only while one is pending. */
class Detector {
  readonly #worker = new Worker(workerFile());
  readonly #pending = new Map<number, { resolve: (d: Detection) => void; reject: (e: Error) => void }>();
  #lastId = 0;
  #idle: NodeJS.Timeout | undefined;
  /** Set once the worker is being ended: a request must then go to a new one. */
  closing = false;

  constructor(private readonly onGone: (detector: Detector) => void) {
    this.#worker.unref();
    this.#worker.on("message", ({ id, ...detection }: Detection & { id: number }) => {
      this.#pending.get(id)?.resolve(detection);
      this.#pending.delete(id);
      if (this.#pending.size === 0) this.#rest();
    });
    this.#worker.on("error", (error) => this.#fail(error));
    this.#worker.on("exit", (code) => this.#fail(new Error(`language worker exited with code ${code}`)));
  }

  detect(text: string): Promise<Detection> {
    clearTimeout(this.#idle);
    this.#worker.ref();
    const id = ++this.#lastId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, text });
    });
  }

  #rest(): void {
    this.#worker.unref();
    this.#idle = setTimeout(() => {
      this.closing = true;
      void this.#worker.terminate();
    }, IDLE_MS).unref();
  }

  #fail(error: Error): void {
    clearTimeout(this.#idle);
    this.closing = true;
    this.onGone(this);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }
}

let detector: Detector | undefined;

/** Async so that a worker that cannot even start rejects like one that died. */
async function eld(text: string): Promise<Detection> {
  if (!detector || detector.closing) {
    detector = new Detector((gone) => {
      if (detector === gone) detector = undefined;
    });
  }
  return detector.detect(text);
}

/** The language a text is most likely written in, of the four we index. */
export async function detectLanguage(text: string, authorLocale?: Language): Promise<Language> {
  const fallback = authorLocale ?? "en";
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return fallback;
  // Chinese is told by its script: mixed text ("API 失败") is Chinese with English terms.
  const cjk = text.match(CJK_GLOBAL)?.length ?? 0;
  if (cjk / letters > 0.2) return "zh";

  // A post is not refused because identification failed (the worker died): the next call
  // starts a new worker, and this text gets the fallback.
  const result = await eld(text.slice(0, SAMPLE)).catch((error: Error) => {
    console.warn(`language identification failed, using ${fallback}: ${error.message}`);
    return null;
  });
  if (!result) return fallback;
  const scores = new Map<Language, number>();
  for (const [code, score] of Object.entries(result.scores)) {
    const language = OURS[code];
    if (language && language !== "zh" && score > (scores.get(language) ?? 0)) scores.set(language, score);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return fallback;
  const [best, bestScore] = ranked[0]!;
  if (authorLocale && authorLocale !== best && (letters < SHORT || !result.reliable)) {
    const localeScore = scores.get(authorLocale) ?? 0;
    if (localeScore >= CLOSE * bestScore) return authorLocale;
  }
  return best;
}
