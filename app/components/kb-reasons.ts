import type { TFunction } from "i18next";

/**
 * The harvest and curation record why an article needs review, and the first revision's
 * note, as English text in the database (the same text the audit log keeps, and the
 * webhook payloads carry). Pages show them in the reader's language by recognising each
 * known wording; anything else (a curator's own note) is shown as written.
 */
const REVIEW_REASONS: [RegExp, string][] = [
  [/^the thread was merged into thread #(\d+)$/, "merged"],
  [/^the thread was hidden$/, "threadHidden"],
  [/^the question is waiting for moderation$/, "awaitingModeration"],
  [/^the accepted answer was removed$/, "answerRemoved"],
  [/^a different answer was accepted$/, "otherAnswer"],
  [/^the accepted answer was hidden$/, "answerHidden"],
  [/^the accepted answer was edited$/, "answerEdited"],
  [/^the question was hidden$/, "questionHidden"],
  [/^the question was edited$/, "questionEdited"],
  [/^the question's title changed$/, "titleChanged"],
  [/^the thread moved to another category$/, "moved"],
  [/^merged into article #(\d+)$/, "mergedIntoArticle"],
];

export function reviewReasonText(t: TFunction, stored: string): string {
  return stored
    .split("; ")
    .map((part) => {
      for (const [pattern, key] of REVIEW_REASONS) {
        const match = pattern.exec(part);
        if (match) return t(`kb:reasons.${key}`, { id: match[1] ?? "" });
      }
      return part;
    })
    .join(t("kb:reasons.separator"));
}

const HARVEST_NOTE = /^Harvested from thread #(\d+)$/;

export function revisionNoteText(t: TFunction, stored: string): string {
  const match = HARVEST_NOTE.exec(stored);
  return match ? t("kb:reasons.harvestedFrom", { id: match[1] }) : stored;
}
