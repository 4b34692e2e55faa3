/**
 * A warm pool of render worker threads, with a fair queue in front of it.
 *
 * Why it is shaped like this (each point was a failure under load):
 * - Workers are started ahead of need and kept: starting a thread costs far more than rendering
 *   an ordinary post, and a pool that starts threads on demand turns load into start-up time.
 * - A render's time limit runs from the moment a ready worker receives it: time spent waiting
 *   in the queue, or for a thread to start, never makes a valid post "unformattable".
 * - A worker that hits the limit is terminated (nothing else stops a backtracking regex) and a
 *   replacement starts at once, so the next render does not pay for it.
 * - Waiting renders are taken in turn per key (one key per author): twenty slow edits by one
 *   user queue behind each other, not in front of everybody else's replies.
 * - The queue is bounded, overall and per key. Past that the caller gets a 503 (or a 429 for
 *   one key) with Retry-After: back-pressure instead of a queue that grows without end.
 */
import { Worker } from "node:worker_threads";
import { AppError, msg, unavailable } from "../errors";

export interface RenderPoolOptions {
  /** Worker threads kept running. */
  size: number;
  /** Renders waiting for a worker, all keys together, before new ones are refused (503). */
  maxQueued: number;
  /** Renders waiting for one key before that key's new ones are refused (429). */
  maxQueuedPerKey: number;
  /** A render still waiting for a worker after this long is refused (503): its client has likely given up. */
  maxWaitMs: number;
  /** Heap a worker may use; a render that needs more is hostile input. */
  workerHeapMb: number;
  /** The worker script, resolved when a worker starts (tests point it elsewhere). */
  workerFile: () => string;
  /** The error for input that takes too long or breaks the renderer. */
  unformattable: () => AppError;
}

export interface RenderRequest {
  markdown: string;
  timeoutMs: number;
  /** Whose render this is (an author); without one, the render is its own key and has no per-key cap. */
  key?: string;
}

interface Job extends RenderRequest {
  key: string;
  id: number;
  settled: boolean;
  waitTimer?: NodeJS.Timeout;
  resolve(html: string): void;
  reject(error: Error): void;
}

type WorkerMessage = { ready: true } | { id: number; html: string } | { id: number; error: string };

/** Waiting jobs per key, served round-robin across keys. */
class FairQueue {
  readonly #byKey = new Map<string, Job[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  countFor(key: string): number {
    return this.#byKey.get(key)?.length ?? 0;
  }

  push(job: Job): void {
    const jobs = this.#byKey.get(job.key);
    if (jobs) jobs.push(job);
    else this.#byKey.set(job.key, [job]);
    this.#size++;
  }

  /** The next job of the key after the last one served; a Map iterates in insertion order. */
  shift(): Job | undefined {
    for (const [key, jobs] of this.#byKey) {
      const job = jobs.shift()!;
      this.#size--;
      this.#byKey.delete(key);
      // Re-inserted at the end: this key's next job waits for every other key's turn.
      if (jobs.length > 0) this.#byKey.set(key, jobs);
      return job;
    }
    return undefined;
  }

  remove(job: Job): void {
    const jobs = this.#byKey.get(job.key);
    const at = jobs?.indexOf(job) ?? -1;
    if (!jobs || at < 0) return;
    jobs.splice(at, 1);
    this.#size--;
    if (jobs.length === 0) this.#byKey.delete(job.key);
  }

  drain(): Job[] {
    const all = [...this.#byKey.values()].flat();
    this.#byKey.clear();
    this.#size = 0;
    return all;
  }
}

class PoolWorker {
  readonly thread: Worker;
  ready = false;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;

  constructor(file: string, heapMb: number) {
    this.thread = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    // An idle worker must not keep the process alive; a busy one does, until it answers.
    this.thread.unref();
  }
}

export class RenderPool {
  readonly #options: RenderPoolOptions;
  readonly #workers = new Set<PoolWorker>();
  readonly #idle: PoolWorker[] = [];
  readonly #queue = new FairQueue();
  #lastJobId = 0;
  #closed = false;

  constructor(options: RenderPoolOptions) {
    this.#options = options;
  }

  /** Starts the workers now, so the first post after start-up does not wait for them. */
  warm(): void {
    this.#closed = false;
    this.#fill();
  }

  render(request: RenderRequest): Promise<string> {
    if (this.#closed) this.#closed = false; // a render after close() starts a fresh pool
    const { maxQueued, maxQueuedPerKey } = this.#options;
    if (this.#queue.size >= maxQueued && this.#idle.length === 0) {
      return Promise.reject(unavailable(msg("render.busy"), 2));
    }
    if (request.key !== undefined && this.#queue.countFor(request.key) >= maxQueuedPerKey) {
      return Promise.reject(
        new AppError(429, "rate_limited", msg("render.tooManyOfYours"), { retryAfter: 2 }, { "Retry-After": "2" }),
      );
    }
    return new Promise<string>((resolve, reject) => {
      const id = ++this.#lastJobId;
      const job: Job = { ...request, key: request.key ?? `job:${id}`, id, settled: false, resolve, reject };
      job.waitTimer = setTimeout(() => {
        this.#queue.remove(job);
        this.#settle(job, unavailable(msg("render.slow"), 2));
      }, this.#options.maxWaitMs);
      job.waitTimer.unref();
      this.#queue.push(job);
      this.#fill();
      this.#dispatch();
    });
  }

  /** Stops every worker; waiting and running renders are refused with a 503. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.drain()) this.#settle(job, unavailable(msg("render.shuttingDown")));
    const workers = [...this.#workers];
    this.#workers.clear();
    this.#idle.length = 0;
    for (const worker of workers) {
      clearTimeout(worker.timer);
      if (worker.job) this.#settle(worker.job, unavailable(msg("render.shuttingDown")));
    }
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  }

  /** Starts workers until the pool has its size. */
  #fill(): void {
    if (this.#closed) return;
    while (this.#workers.size < this.#options.size) this.#start();
  }

  #start(): void {
    const worker = new PoolWorker(this.#options.workerFile(), this.#options.workerHeapMb);
    this.#workers.add(worker);
    worker.thread.on("message", (message: WorkerMessage) => this.#onMessage(worker, message));
    worker.thread.on("error", (error) => this.#onError(worker, error));
    worker.thread.on("exit", () => this.#onExit(worker));
  }

  #dispatch(): void {
    while (this.#queue.size > 0 && this.#idle.length > 0) {
      const job = this.#queue.shift()!;
      if (job.settled) continue;
      clearTimeout(job.waitTimer);
      const worker = this.#idle.pop()!;
      worker.job = job;
      worker.thread.ref();
      // The limit covers the render alone: the worker is loaded and waiting for exactly this.
      worker.timer = setTimeout(() => this.#onTimeout(worker), job.timeoutMs);
      worker.thread.postMessage({ id: job.id, markdown: job.markdown });
    }
  }

  #onMessage(worker: PoolWorker, message: WorkerMessage): void {
    // A worker discarded (timed out, pool closed) may still have a message on its way.
    if (!this.#workers.has(worker)) return;
    if ("ready" in message) {
      worker.ready = true;
      this.#idle.push(worker);
      this.#dispatch();
      return;
    }
    const job = worker.job;
    if (!job || message.id !== job.id) return;
    this.#release(worker);
    if ("html" in message) this.#settle(job, null, message.html);
    else this.#settle(job, this.#options.unformattable());
    this.#idle.push(worker);
    this.#dispatch();
  }

  /** Probably stuck in a backtracking regex: only terminating the thread stops it. */
  #onTimeout(worker: PoolWorker): void {
    const job = worker.job;
    this.#release(worker);
    this.#discard(worker);
    if (job) this.#settle(job, this.#options.unformattable());
    this.#fill();
  }

  /**
   * Running out of heap is the input's fault (422). Any other error is ours: a worker that
   * cannot even load (a missing file) fails the renders waiting for it rather than leaving
   * them queued for a worker that will never come.
   */
  #onError(worker: PoolWorker, error: Error): void {
    if (!this.#workers.has(worker)) return;
    const job = worker.job;
    this.#release(worker);
    this.#discard(worker);
    const outOfMemory = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
    if (job) this.#settle(job, outOfMemory ? this.#options.unformattable() : error);
    if (!worker.ready && !outOfMemory) {
      for (const waiting of this.#queue.drain()) this.#settle(waiting, error);
      return;
    }
    this.#fill();
  }

  #onExit(worker: PoolWorker): void {
    if (!this.#workers.has(worker)) return;
    const job = worker.job;
    this.#release(worker);
    this.#discard(worker);
    if (job) this.#settle(job, new Error("Markdown worker exited while rendering"));
    if (this.#queue.size > 0) this.#fill();
  }

  #release(worker: PoolWorker): void {
    clearTimeout(worker.timer);
    worker.timer = undefined;
    worker.job = undefined;
    worker.thread.unref();
  }

  #discard(worker: PoolWorker): void {
    this.#workers.delete(worker);
    const at = this.#idle.indexOf(worker);
    if (at >= 0) this.#idle.splice(at, 1);
    void worker.thread.terminate();
  }

  #settle(job: Job, error: Error | null, html?: string): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.waitTimer);
    if (error) job.reject(error);
    else job.resolve(html!);
  }
}
