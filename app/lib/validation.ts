import { z, type ZodTypeAny } from "zod";
import { validationFailed, type FieldError } from "./errors";

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.join("."),
    message: issue.message,
  }));
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
  const result = schema.safeParse(withoutNul(input));
  if (!result.success) throw validationFailed(fieldErrorsOf(result.error));
  return result.data;
}

/** Field errors keyed by field, the shape forms render next to their inputs. */
export function fieldErrorMap(fields: FieldError[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const f of fields ?? []) if (!(f.field in map)) map[f.field] = f.message;
  return map;
}

/** Trimmed text of bounded length; rejects strings that are only whitespace. */
export const text = (label: string, min: number, max: number) =>
  z
    .string({ invalid_type_error: `${label} must be text`, required_error: `${label} is required` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? `${label} is required` : `${label} must be at least ${min} characters`)
        .max(max, `${label} must be at most ${max} characters`),
    );

export const handleSchema = z
  .string({ invalid_type_error: "handle must be text", required_error: "handle is required" })
  .trim()
  .min(2, "handle must be at least 2 characters")
  .max(30, "handle must be at most 30 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "handle may use letters, digits, '-' and '_', starting with a letter or digit");

export const emailSchema = z
  .string({ invalid_type_error: "email must be text", required_error: "email is required" })
  .trim()
  .max(254, "email is too long")
  .email("email must be a valid address");

export const passwordSchema = z
  .string({ invalid_type_error: "password must be text", required_error: "password is required" })
  .min(8, "password must be at least 8 characters")
  .max(200, "password must be at most 200 characters");

export const idSchema = z.coerce
  .number({ invalid_type_error: "id must be a number" })
  .int("id must be a whole number")
  .positive("id must be positive")
  .max(2_147_483_647, "id is out of range");
