import { en } from "./en";
import { no } from "./no";
import { sv } from "./sv";
import type { RuleSet } from "./types";
import { zh } from "./zh";

/** Every language's rules run on every sentence: customers mix languages within a post. */
export const RULE_SETS: RuleSet[] = [en, sv, no, zh];
