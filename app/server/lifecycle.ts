import type { Logger } from "../lib/logger.server";

/**
 * What a process has started, to be stopped in the reverse order: the HTTP server before the
 * job workers, those before the pool, the pool before the embedded PostgreSQL. Start-up
 * registers each part as soon as it runs, so a start that fails half-way (a port taken, a
 * migration failing) stops exactly what it had started and leaves no process behind.
 */
export class Lifecycle {
  readonly #parts: Array<{ name: string; stop: () => Promise<void> }> = [];
  #stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /**
   * Registers a started part; returns its value for chaining. When shutdown was asked for
   * while the part was starting (SIGTERM during start-up), it is stopped at once and start-up
   * ends with StartupAborted.
   */
  async started<T>(name: string, value: T, stop: (value: T) => Promise<void>): Promise<T> {
    if (this.#stopping) {
      await stop(value).catch(() => undefined);
      throw new StartupAborted();
    }
    this.#parts.push({ name, stop: () => stop(value) });
    return value;
  }

  get stopping(): boolean {
    return this.#stopping !== undefined;
  }

  /** Stops every part, newest first; a part that fails to stop does not keep the others running. */
  stopAll(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const part of this.#parts.reverse()) {
        try {
          await part.stop();
        } catch (error) {
          this.logger.warn(`stopping ${part.name} failed`, { error: (error as Error).message });
        }
      }
    })();
    return this.#stopping;
  }
}

/** Start-up stopped because the process was told to stop: not a failure. */
export class StartupAborted extends Error {
  constructor() {
    super("start-up stopped by a signal");
    this.name = "StartupAborted";
  }
}
