/**
 * COPY … FROM STDIN in PostgreSQL's text format, fed from a generator loop with backpressure:
 * rows are encoded into a string buffer and written in chunks of about a megabyte, and the
 * loop awaits `drain` whenever the socket is behind, so memory stays flat however many rows.
 */
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export type CopyValue = string | number | boolean | null | string[];

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function text(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** An array literal for text[] columns; our elements are plain words, but quote them anyway. */
function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

export function encodeRow(values: CopyValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += "\t";
    if (v === null || v === undefined) line += "\\N";
    else if (typeof v === "string") line += text(v);
    else if (typeof v === "number") line += String(v);
    else if (typeof v === "boolean") line += v ? "t" : "f";
    else line += text(arrayLiteral(v));
  }
  return line + "\n";
}

const CHUNK = 1 << 20;

export class CopyWriter {
  #stream: ReturnType<typeof copyFrom>;
  #buffer = "";
  #failed: Error | undefined;
  #done: Promise<void>;
  rows = 0;

  constructor(client: pg.Client | pg.PoolClient, table: string, columns: readonly string[], options: { freeze?: boolean } = {}) {
    const sql = `copy ${table} (${columns.join(", ")}) from stdin${options.freeze ? " with (freeze)" : ""}`;
    this.#stream = client.query(copyFrom(sql));
    this.#done = new Promise((resolve, reject) => {
      this.#stream.on("finish", resolve);
      this.#stream.on("error", (error) => {
        this.#failed = error;
        reject(error);
      });
    });
    // Until end() awaits it, a failure is remembered and rethrown by the next write.
    this.#done.catch(() => undefined);
  }

  row(values: CopyValue[]): void {
    this.#buffer += encodeRow(values);
    this.rows++;
  }

  /**
   * Call between rows (per thread): writes a full chunk and waits while the server is behind.
   * After each chunk it also yields to the event loop, so that several COPYs fed from this one
   * thread (one per connection) all keep their server busy.
   */
  async flushIfFull(): Promise<void> {
    if (this.#buffer.length < CHUNK) return;
    await this.#write();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async #write(): Promise<void> {
    if (this.#failed) throw this.#failed;
    const chunk = this.#buffer;
    this.#buffer = "";
    if (!this.#stream.write(chunk, "utf8")) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.#stream.off("error", onError);
          resolve();
        };
        const onError = (error: Error) => {
          this.#stream.off("drain", onDrain);
          reject(error);
        };
        this.#stream.once("drain", onDrain);
        this.#stream.once("error", onError);
      });
    }
  }

  async end(): Promise<number> {
    if (this.#buffer.length > 0) await this.#write();
    this.#stream.end();
    await this.#done;
    return this.rows;
  }
}
