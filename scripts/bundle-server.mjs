/**
 * Bundles the server process (scripts/serve.ts and everything of ours it imports) into
 * build/server/serve.mjs: plain ESM for Node 20, packages left to node_modules. Part of
 * `npm run build`; scripts/start.mjs runs it when the bundle is missing or older than the code.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["scripts/serve.ts"],
  outfile: "build/server/serve.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: true,
  logLevel: "warning",
});
