/** The periods the knowledge page offers, in days (shared with the page's selector: not server-only). */
export const INSIGHT_PERIODS = [7, 30, 90, 365] as const;
