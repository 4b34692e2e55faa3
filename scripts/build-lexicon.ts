/**
 * `npm run build:lexicon`: derives the compact Swedish and Norwegian word lists from the
 * installed dictionaries (see app/lib/text/lexicon.ts). Part of `npm run build`; does nothing
 * when they are already there.
 */
import { ensureLexicons } from "../app/lib/text/lexicon";

const started = Date.now();
const built = await ensureLexicons();
if (built.length > 0) console.log(`Built the ${built.join(" and ")} word lists in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
