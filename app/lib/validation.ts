import { z, type ZodErrorMap, type ZodTypeAny } from "zod";
import { englishOf, msg, validationFailed, type FieldError, type Message } from "./errors";

/**
 * Zod carries messages as strings, so a schema's message is a catalog key and its parameters
 * packed into one (behind a NUL, which no input can contain: withoutNul drops it first).
 * fieldErrorsOf unpacks it.
 */
const PACKED = "\u0000";

/** A schema message from the `errors` catalog: `.max(500, zmsg("validation.atMost", { field: "note", max: 500 }))`. */
export const zmsg = (key: string, params?: Record<string, string | number>): string => PACKED + JSON.stringify(params ? [key, params] : [key]);

function unpack(message: string): Message | null {
  if (!message.startsWith(PACKED)) return null;
  const [key, params] = JSON.parse(message.slice(PACKED.length)) as [string, Record<string, string | number>?];
  return msg(key, params);
}

/** The usual schema messages, by what they say about a field. */
export const says = {
  text: (field: string) => zmsg("validation.mustBeText", { field }),
  required: (field: string) => zmsg("validation.required", { field }),
  number: (field: string) => zmsg("validation.mustBeNumber", { field }),
  wholeNumber: (field: string) => zmsg("validation.wholeNumber", { field }),
  positive: (field: string) => zmsg("validation.positive", { field }),
  outOfRange: (field: string) => zmsg("validation.outOfRange", { field }),
  atLeast: (field: string, min: number) => zmsg("validation.atLeast", { field, min }),
  atMost: (field: string, max: number) => zmsg("validation.atMost", { field, max }),
  range: (field: string, min: number, max: number) => zmsg("validation.range", { field, min, max }),
  trueOrFalse: (field: string) => zmsg("validation.trueOrFalse", { field }),
  list: (field: string) => zmsg("validation.list", { field }),
  date: (field: string) => zmsg("validation.date", { field }),
  oneOf: (field: string, options: readonly string[]) => zmsg("validation.oneOf", { field, options: options.join(", ") }),
};

/** An enum's message when the value is not one of its options: "status must be one of a, b". */
export const oneOf = (field: string, options: readonly string[]) => ({ errorMap: () => ({ message: says.oneOf(field, options) }) });

/** An enum (or other) schema's message from the catalog, whatever the issue. */
export const zodEnum = (key: string, params?: Record<string, string | number>) => ({ errorMap: () => ({ message: zmsg(key, params) }) });

const quoted = (values: readonly unknown[], separator: string) => values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(separator);

/** Zod's own messages, for the checks a schema gives no message of its own (same English). */
function zodDefault(issue: z.ZodIssueOptionalMessage): string | null {
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? zmsg("zod.required") : zmsg("zod.invalidType", { expected: issue.expected, received: issue.received });
    case "too_small":
      if (issue.exact || !issue.inclusive) return null;
      if (issue.type === "string") return zmsg("zod.stringMin", { count: Number(issue.minimum) });
      if (issue.type === "array") return zmsg("zod.arrayMin", { count: Number(issue.minimum) });
      if (issue.type === "number") return zmsg("zod.numberMin", { min: Number(issue.minimum) });
      return null;
    case "too_big":
      if (issue.exact || !issue.inclusive) return null;
      if (issue.type === "string") return zmsg("zod.stringMax", { count: Number(issue.maximum) });
      if (issue.type === "array") return zmsg("zod.arrayMax", { count: Number(issue.maximum) });
      if (issue.type === "number") return zmsg("zod.numberMax", { max: Number(issue.maximum) });
      return null;
    case "invalid_enum_value":
      return zmsg("zod.invalidEnum", { options: quoted(issue.options, " | "), received: String(issue.received) });
    case "unrecognized_keys":
      return zmsg("zod.unrecognizedKeys", { keys: quoted(issue.keys, ", ") });
    case "invalid_union":
    case "custom":
      return zmsg("zod.invalid");
    case "invalid_date":
      return zmsg("zod.invalidDate");
    case "invalid_string":
      return issue.validation === "email" || issue.validation === "url" ? zmsg("zod.invalidString", { validation: issue.validation }) : null;
    default:
      return null;
  }
}

/** Passed to every parse: a message zod would make itself becomes its catalog message. */
const catalogErrorMap: ZodErrorMap = (issue, ctx) => {
  if (ctx.defaultError.startsWith(PACKED)) return { message: ctx.defaultError };
  const own = z.defaultErrorMap(issue, { ...ctx, defaultError: "" }).message;
  const packed = ctx.defaultError === own ? zodDefault(issue) : null;
  // Re-rendering must give zod's English exactly; if it would not, keep zod's text.
  if (packed && englishOf(unpack(packed)!) === own) return { message: packed };
  return { message: ctx.defaultError };
};

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    const message = unpack(issue.message);
    return message ? { field, message: englishOf(message), msg: message } : { field, message: issue.message };
  });
}

/**
 * PostgreSQL text cannot hold U+0000, and it is never meaningful in what people write, so it is
 * dropped from every string before validation (otherwise a stray NUL would surface as a 500).
 */
export function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]));
  }
  return value;
}

/** Parses input or throws a 422 that names each bad field and why. */
export function parseInput<S extends ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(withoutNul(input), { errorMap: catalogErrorMap });
  if (!result.success) throw validationFailed(fieldErrorsOf(result.error));
  return result.data;
}

/** Field errors keyed by field, the shape forms render next to their inputs. */
export function fieldErrorMap(fields: readonly { field: string; message: string }[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const f of fields ?? []) if (!(f.field in map)) map[f.field] = f.message;
  return map;
}

/** Trimmed text of bounded length; rejects strings that are only whitespace. */
export const text = (label: string, min: number, max: number) =>
  z
    .string({ invalid_type_error: says.text(label), required_error: says.required(label) })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? says.required(label) : says.atLeast(label, min))
        .max(max, says.atMost(label, max)),
    );

export const handleSchema = z
  .string({ invalid_type_error: says.text("handle"), required_error: says.required("handle") })
  .trim()
  .min(2, says.atLeast("handle", 2))
  .max(30, says.atMost("handle", 30))
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, zmsg("validation.handleShape"));

export const emailSchema = z
  .string({ invalid_type_error: says.text("email"), required_error: says.required("email") })
  .trim()
  .max(254, zmsg("validation.tooLong", { field: "email" }))
  .email(zmsg("validation.email", { field: "email" }));

export const passwordSchema = z
  .string({ invalid_type_error: says.text("password"), required_error: says.required("password") })
  .min(8, says.atLeast("password", 8))
  .max(200, says.atMost("password", 200));

export const idSchema = z.coerce
  .number({ invalid_type_error: says.number("id") })
  .int(says.wholeNumber("id"))
  .positive(says.positive("id"))
  .max(2_147_483_647, says.outOfRange("id"));
