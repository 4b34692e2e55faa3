import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import englishErrors from "../../app/i18n/catalogs/en/errors.json";

/**
 * Refusals are translated at the HTTP boundary from the `errors` catalog, so an error made
 * with literal text would reach every reader in English. These scans keep such errors out of
 * app/: each pattern is a way an untranslated message used to be written.
 */
const APP = path.resolve("app");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const Q = "[\"'`]";
/** Anywhere in app/: errors and refusals must name a catalog key. */
const EVERYWHERE: [string, RegExp][] = [
  ["an error helper with literal text", new RegExp(`\\b(?:badRequest|unauthorized|forbidden|notFound|conflict|payloadTooLarge|unavailable)\\(\\s*${Q}`)],
  ["new AppError with literal text", new RegExp(`new AppError\\(\\s*\\d+\\s*,\\s*"[a-z_]+"\\s*,\\s*${Q}`)],
  ["a guardian refusal with literal text", new RegExp(`\\b(?:deny|needsLogin)\\(\\s*${Q}`)],
  ["a field error with literal text", /\{\s*field:\s*[^,{}]+,\s*message:\s*["'`]/],
];
/** In services and the HTTP layer: schema messages must come from the catalog too (zmsg, says, oneOf). */
const SCHEMAS: [string, RegExp][] = [
  ["a zod type message with literal text", new RegExp(`_error:\\s*${Q}`)],
  ["a zod check with literal text", new RegExp(`\\.(?:min|max|int|positive|nonnegative|regex|email|url|length|lt|lte|gt|gte|refine)\\((?:[^()]|\\([^()]*\\))*?,\\s*${Q}`)],
  ["a zod check with only literal text", new RegExp(`(?<!says)\\.(?:int|positive|nonnegative|email|url)\\(\\s*${Q}`)],
  ["a zod error map with literal text", new RegExp(`errorMap:\\s*\\(\\)\\s*=>\\s*\\(\\{\\s*message:\\s*${Q}`)],
  ["a refinement message with literal text", new RegExp(`\\{\\s*message:\\s*${Q}[^"'\`]*${Q}\\s*,\\s*path:`)],
];

function offences(file: string, patterns: [string, RegExp][]): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const [what, pattern] of patterns) {
    const global = new RegExp(pattern.source, "g");
    for (const match of text.matchAll(global)) {
      const line = text.slice(0, match.index).split("\n").length;
      found.push(`${path.relative(process.cwd(), file)}:${line}: ${what}: ${match[0].slice(0, 80)}`);
    }
  }
  return found;
}

describe("error messages come from the errors catalog", () => {
  it("no error, refusal or field error in app/ is made from literal text", () => {
    const found = sources(APP).flatMap((file) => offences(file, EVERYWHERE));
    expect(found).toEqual([]);
  });

  it("no validation schema in app/services or app/lib has a literal message", () => {
    const files = [...sources(path.join(APP, "services")), ...sources(path.join(APP, "lib"))];
    const found = files.flatMap((file) => offences(file, SCHEMAS));
    expect(found).toEqual([]);
  });

  it("the scans recognise the old ways of writing a message", () => {
    const samples = [
      'throw notFound("No such thread.");',
      "throw conflict(`${name} is in use.`);",
      'new AppError(429, "rate_limited", `Too many ${what}.`, { retryAfter })',
      'return deny("This is private.");',
      'validationFailed([{ field: "title", message: "Only the opening post carries the title." }])',
    ];
    for (const sample of samples) expect(EVERYWHERE.some(([, p]) => p.test(sample)), sample).toBe(true);
    const schemaSamples = [
      'z.string({ invalid_type_error: "body must be text" })',
      '.max(500, "reason must be at most 500 characters")',
      '.refine((b) => b.trim().length > 0, "body is required")',
      '.int("id must be a whole number")',
      'z.enum(KINDS, { errorMap: () => ({ message: `kind must be one of ${KINDS.join(", ")}` }) })',
    ];
    for (const sample of schemaSamples) expect(SCHEMAS.some(([, p]) => p.test(sample)), sample).toBe(true);
    expect(EVERYWHERE.some(([, p]) => p.test('throw notFound(msg("thread.notFound"));'))).toBe(false);
    expect(SCHEMAS.some(([, p]) => p.test('.max(500, says.atMost("reason", 500))'))).toBe(false);
  });

  it("every key the code names is in the English catalog", () => {
    const keys = new Set<string>();
    const flatten = (tree: Record<string, unknown>, prefix = ""): void => {
      for (const [k, v] of Object.entries(tree)) {
        const key = prefix + k;
        if (typeof v === "string") keys.add(key.replace(/_(one|other)$/, ""));
        else flatten(v as Record<string, unknown>, `${key}.`);
      }
    };
    flatten(englishErrors);
    const missing: string[] = [];
    for (const file of sources(APP)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\b(?:msg|zmsg|zodEnum)\(\s*"([^"]+)"/g)) {
        if (!keys.has(match[1]!)) missing.push(`${path.relative(process.cwd(), file)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
