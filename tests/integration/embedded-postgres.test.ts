import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../db/embedded";
import { createLogger } from "../../app/lib/logger.server";

const dataDir = mkdtempSync(path.join(tmpdir(), "gleaner-embedded-"));
const logger = createLogger("error");

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("select 1 as one");
    return rows[0].one === 1;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("initialises a data directory, keeps data across restarts", async () => {
    const first = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("create table kept (v text)");
    await client.query("insert into kept values ('still here')");
    await client.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger });
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query("select v from kept");
    await again.end();
    await second.stop();
    expect(rows).toEqual([{ v: "still here" }]);
  });

  it("recovers when the app was killed and left its PostgreSQL running", async () => {
    // A separate process starts the server and is then SIGKILLed: its postmaster lives on.
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve("db/embedded.ts"))};
      import { createLogger } from ${JSON.stringify(path.resolve("app/lib/logger.server.ts"))};
      startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: "gleaner", logger: createLogger("error") })
        .then(() => { console.log("READY"); setInterval(() => {}, 1000); });
    `;
    // Node itself with tsx's loader (not the tsx CLI, which would put a second process between).
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("READY") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const pidFile = path.join(dataDir, "pg", "postmaster.pid");
    expect(existsSync(pidFile)).toBe(true);
    const orphan = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const recovered = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger });
    expect(await canQuery(recovered.url)).toBe(true);
    await recovered.stop();
  });

  it("recovers from a pid file whose process is gone", async () => {
    writeFileSync(path.join(dataDir, "pg", "postmaster.pid"), "999999\n/nowhere\n");
    const server = await startEmbeddedPostgres({ dataDir, database: "gleaner", logger });
    expect(await canQuery(server.url)).toBe(true);
    await server.stop();
  });
});
