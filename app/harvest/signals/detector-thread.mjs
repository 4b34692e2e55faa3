// The detector thread's entry. A worker thread does not inherit the loader that lets the main
// thread import TypeScript, so it registers tsx itself before importing the detectors.
import { register } from "tsx/esm/api";

register();
await import("./detector-worker.ts");
