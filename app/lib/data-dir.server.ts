import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StartupError } from "./startup-error";

/**
 * Makes sure DATA_DIR exists and is writable, or says why not in one line.
 *
 * Not `mkdirSync(dir, { recursive: true })`: on a path under /proc it never returns (Node retries
 * the ENOENT that /proc answers to mkdir forever), and elsewhere its errors name a syscall, not
 * the setting to change. So each missing level is created by hand, and a probe file is written.
 */
export function ensureDataDir(dir: string): void {
  const remedy = `set DATA_DIR to a directory this user can write (it is ${dir})`;
  const missing: string[] = [];
  let existing = path.resolve(dir);
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!statSync(existing).isDirectory()) throw new StartupError(`DATA_DIR cannot be created: ${existing} is not a directory`, remedy);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw new StartupError(`DATA_DIR cannot be created: mkdir ${level} failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, remedy);
    }
  }
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw new StartupError(`DATA_DIR is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} on ${dir}`, remedy);
  }
}
