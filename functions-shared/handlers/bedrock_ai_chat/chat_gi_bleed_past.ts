/**
 * A GI bleed said to be over, with no I/O (read by aspirin's GI-bleed hold, chat_contraindication_words.ts). TP 1211
 * note 3 and MCG 1317.7 withhold aspirin only for ACTIVE gastrointestinal bleeding (a bleeding ulcer): medical
 * director's twentieth read, M1, found "chest pain, gastrointestinal bleeding last year, aspirin" and "black tarry
 * stools last year" held. Said months or years ago, or as past ("prior", "remote", "resolved"), it is not active.
 * Days or weeks ago ("gi bleed 2 days ago") may still be bleeding, so they stay held; so does any bleed said now
 * ("gi bleed last year, vomiting blood today" holds on the vomiting). Ketorolac's hold (MCG 1345 guideline 7:
 * "history of upper GI bleeding") does not read this: a past bleed holds it.
 */

import { agoIn, RESOLVED } from "./chat_said_over.ts";

/** Right after the bleed, in its clause: "last year", "5 years ago", "in 2019", "resolved" (never "not resolved"). */
const OVER_AFTER = new RegExp(
  `^[^,.;:?!\\n]{0,30}?(?:\\blast\\s+(?:year|yr|month)\\b|${agoIn("years?|yrs?|months?|mos?")}|` +
    `\\b(?:in|back\\s+in)\\s+(?:19|20)\\d\\d\\b|${RESOLVED})`,
  "i",
);

/** Right before it: "prior gi bleed", "remote melena"; never "old" ("60 year old gi bleed" is an age). */
const OVER_BEFORE = /\b(?:prior|previous|past|remote|resolved|former)\s+(?:upper\s+)?$/i;

/** For a Contraindication's notNow: the words that make this GI bleed a past one. */
export const GI_BLEED_OVER = { before: OVER_BEFORE, after: OVER_AFTER } as const;
