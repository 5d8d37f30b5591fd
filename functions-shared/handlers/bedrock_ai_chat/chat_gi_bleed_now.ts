/**
 * A GI bleed that bleeds now, however past its own words make it, with no I/O (read by aspirin's GI-bleed hold,
 * chat_contraindication_words.ts): "gi bleed last year, still bleeding", "… not resolved", "… bleeding today", "…
 * and again this morning", "gastrointestinal bleeding last year and today", "gi bleed since last year". Each had been
 * given aspirin once chat_gi_bleed_past.ts read the past word (medical director's twenty-first read, HA); TP 1211 note
 * 3 and MCG 1317.7 withhold it for ACTIVE GI bleeding. The words of now count only after the bleed's own name in its
 * sentence, never elsewhere ("cp not resolved after nitro x3, gi bleed years ago" is no active bleed).
 */
import { LOWER_GI_BLEED, UPPER_GI_BLEED } from "./chat_state_words.ts";

/** Words that a bleed goes on now. */
const BLEEDING_NOW = "(?:still|currently|actively|now|again)\\s+(?:bleeding|bleeds)|" +
  "(?:bleeding|bleed)\\s+(?:now|today|again|ongoing|this\\s+(?:morning|afternoon|evening))|" +
  "ongoing\\s+(?:bleeding|bleed)|(?:not|never)\\s+(?:yet\\s+)?(?:resolved|healed|stopped)|unresolved|" +
  // "and today", "again this morning" standing alone: the bleed said again for now, not "and today chest pain"
  "(?:again|and|&)\\s+(?:again\\s+)?(?:today|tonight|this\\s+(?:morning|afternoon|evening))(?=\\s*(?:[,.;:!?\\n]|$))|" +
  "since\\s+(?:last\\s+(?:year|month|week)|\\d+\\s*\\w+\\s+ago|(?:19|20)\\d\\d)";

/** Right before the words of now: they are denied ("not bleeding now", "no ongoing bleeding"). */
const NOT_BEFORE = "(?<!\\b(?:not|no|never|(?:is|was)n['’]?t)\\s+)";

/** A GI bleed's name, then in its sentence (no stop between) the words that it bleeds now, not denied. */
export const GI_BLEED_THEN_NOW = new RegExp(
  `(?:${UPPER_GI_BLEED.source}|${LOWER_GI_BLEED.source})[^.;!?\\n]{0,40}?(?<![\\w-])${NOT_BEFORE}` +
    `(?:${BLEEDING_NOW})(?![\\w-])`,
  "i",
);
