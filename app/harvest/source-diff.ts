import { createTwoFilesPatch } from "diff";

/** The question and answer as one text, the way a curator compares them. */
export function sourceText(question: string | null, answer: string | null): string {
  return `# Question\n\n${(question ?? "").trim()}\n\n# Accepted answer\n\n${(answer ?? "").trim()}\n`;
}

/**
 * What changed in the source since the article took it, as a unified diff (the format curators
 * and reviewers know from code review). Empty when nothing in the text changed (a hide or a
 * move changes no words; the reasons say those).
 */
export function sourceDiff(before: string, after: string): string {
  if (before === after) return "";
  return createTwoFilesPatch("source when the article was written", "source now", before, after, "", "", { context: 2 })
    .split("\n")
    .slice(1) // the "=====" rule carries nothing here
    .join("\n");
}
