import { en } from "./en";
import type { RuleSet } from "./types";

/** Every language's rules run on every sentence: customers mix languages within a post. */
export const RULE_SETS: RuleSet[] = [en];
