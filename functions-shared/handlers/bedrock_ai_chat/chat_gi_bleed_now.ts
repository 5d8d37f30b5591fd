/**
 * A GI bleed that bleeds now, however past its own words make it, with no I/O (read by aspirin's GI-bleed hold,
 * chat_contraindication_words.ts): "gi bleed last year, still bleeding", "… not resolved", "… bleeding today", "…
 * and again this morning", "gastrointestinal bleeding last year and today", "gi bleed since last year". Each had been
 * given aspirin once chat_gi_bleed_past.ts read the past word (medical director's twenty-first read, HA); TP 1211 note
 * 3 and MCG 1317.7 withhold it for ACTIVE GI bleeding. The words of now count only after the bleed's own name in its
 * sentence, never elsewhere ("cp not resolved after nitro x3, gi bleed years ago" is no active bleed).
 */
import { LOWER_GI_BLEED, UPPER_GI_BLEED } from "./chat_state_words.ts";

/** Bleeding said to go on now: "still bleeding", "bleeding today", "rebleed today", "bleeding since yesterday". */
const BLEEDING_NOW = "(?:still|currently|actively|now|again)\\s+(?:bleeding|bleeds)|" +
  "(?:bleeding|bleed)\\s+(?:now|today|again|ongoing|this\\s+(?:morning|afternoon|evening))|" +
  "ongoing\\s+(?:bleeding|bleed)|re-?bleed(?:ing|s)?(?:\\s+(?:now|today|this\\s+(?:morning|afternoon|evening)))?|" +
  "bleeding\\s+since\\s+(?:yesterday|last\\s+night|this\\s+(?:morning|afternoon)|\\d+\\s*(?:hours?|hrs?|days?)\\s+ago)";

/**
 * Words of now that do not say bleeding ("not resolved", "ongoing", "active again", "and today", "again this
 * morning"): read only of the bleed, with no other subject between them and its name ("cp not resolved", "pain again
 * this morning", "stemi not resolved" are the chest pain's: the medical director's twenty-second read, H1).
 */
const STILL_SO =
  "(?:not|never)\\s+(?:yet\\s+)?(?:resolved|healed|stopped)|unresolved|ongoing|active\\s+again|" +
  "(?:again|and|&)\\s+(?:again\\s+)?(?:today|tonight|this\\s+(?:morning|afternoon|evening))(?=\\s*(?:[,.;:!?\\n]|$))";
/** Between the bleed's name and STILL_SO: no other subject (pain, chest pain, an ECG, nitroglycerin, symptoms). */
const NO_OTHER_SUBJECT =
  "(?:(?!(?:pain|cp|chest|stemi|nstemi|ekg|ecg|nitro\\w*|symptoms?|sob|breath\\w*)(?![\\w-]))[^.;!?\\n]){0,30}?";

/**
 * Right before the words of now: they are denied ("not bleeding now", "no ongoing bleeding", "denies bleeding now",
 * "negative for bleeding today", "no melena or bleeding today").
 */
const NOT_BEFORE =
  "(?<!\\b(?:not|no|never|denies|denied|without|w\\/o|neg(?:ative)?\\s+for|(?:is|was)n['’]?t)\\s+(?:[\\w-]+\\s+(?:or|nor)\\s+)?)";

const GI_BLEED = `(?:${UPPER_GI_BLEED.source}|${LOWER_GI_BLEED.source})`;

/**
 * A GI bleed's name, then in its sentence (no stop between) the words that it bleeds now, not denied; or "since"
 * right after the name ("gi bleed since last year", never "no bleeding since 2015", "stable since last year").
 */
export const GI_BLEED_THEN_NOW = new RegExp(
  `${GI_BLEED}(?:[^.;!?\\n]{0,40}?(?<![\\w-])${NOT_BEFORE}(?:${BLEEDING_NOW})|${NO_OTHER_SUBJECT}(?<![\\w-])` +
    `${NOT_BEFORE}(?:${STILL_SO})|\\s+since\\s+(?:last\\s+(?:year|month|week)|\\d+\\s*\\w+\\s+ago|(?:19|20)\\d\\d))` +
    "(?![\\w-])",
  "i",
);
