import type { Migration } from "kysely";
import * as m0001 from "./0001_accounts";
import * as m0002 from "./0002_categories";
import * as m0003 from "./0003_community";
import * as m0004 from "./0004_realtime";
import * as m0005 from "./0005_moderation";
import * as m0006 from "./0006_idempotency";
import * as m0007 from "./0007_knowledge";
import * as m0008 from "./0008_signals";
import * as m0010 from "./0010_search_languages";
import * as m0011 from "./0011_identity_notify";
import * as m0012 from "./0012_user_locale";
import * as m0013 from "./0013_signal_scans_unchecked";

/**
 * Every migration, in order. A static list (rather than reading the folder) works the same
 * under tsx, vitest and any bundler, and a missing import fails the type check.
 */
export const migrations: Record<string, Migration> = {
  "0001_accounts": m0001,
  "0002_categories": m0002,
  "0003_community": m0003,
  "0004_realtime": m0004,
  "0005_moderation": m0005,
  "0006_idempotency": m0006,
  "0007_knowledge": m0007,
  "0008_signals": m0008,
  "0010_search_languages": m0010,
  "0011_identity_notify": m0011,
  "0012_user_locale": m0012,
  "0013_signal_scans_unchecked": m0013,
};
