import { z } from "zod";
import { detectSignals } from "../../harvest/detectors";
import { detectLanguage } from "../../lib/language";
import { parseInput, says, zmsg } from "../../lib/validation";
import { ensure, type Actor } from "../guardian";

export const classifySchema = z.object({
  text: z
    .string({ invalid_type_error: says.text("text"), required_error: says.required("text") })
    .max(10_000, zmsg("validation.classifyTextMax"))
    .refine((t) => t.trim().length > 0, says.required("text")),
});

/**
 * "Try a sentence": the detectors on one text, nothing stored. For tuning the phrase lists and
 * seeing why a post did (or did not) count as a request or a buying signal.
 */
export async function classifyText(actor: Actor | null, input: unknown) {
  ensure(actor, "harvest.classify");
  const { text } = parseInput(classifySchema, input);
  const language = await detectLanguage(text);
  const signals = detectSignals(text, { language });
  return { language, signals: signals.map((s) => ({ kind: s.kind, score: Math.round(s.score * 1000) / 1000, matched: s.matched, quote: s.quote, language: s.language })) };
}
