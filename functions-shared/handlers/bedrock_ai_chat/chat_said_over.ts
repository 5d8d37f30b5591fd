/**
 * The words that say a condition is over, as pieces of a pattern, with no I/O: one place for the readers of a past
 * clot (chat_thrombosis_past.ts) and a past GI bleed (chat_gi_bleed_past.ts), which had each typed their own and
 * drifted ("healed" and "an" in one only). Each reader chooses which spans of time make its condition over: a clot
 * months ago may still be treated (MCG 1317.41 "active"), a GI bleed months ago is not bleeding now (TP 1211 note 3).
 */

/** "resolved", "healed"; never "not resolved", "hasn't resolved". */
export const RESOLVED = "(?<!\\b(?:not|never|not\\s+yet|hasn['’]?t|has\\s+not)\\s+)\\b(?:resolved|healed)\\b";

/** How many: "5", "a", "several", "couple of". */
const HOW_MANY = "(?:\\d+|a|an|one|two|three|four|five|six|several|many|few|couple(?:\\s+of)?)";

/** "5 years ago", "years ago", for the given units (a pattern source such as "years?|yrs?"). */
export const agoIn = (units: string) => `\\b${HOW_MANY}\\s*(?:${units})\\s+ago\\b|\\b(?:${units})\\s+ago\\b`;
