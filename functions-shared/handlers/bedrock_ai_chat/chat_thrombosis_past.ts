/**
 * A DVT or PE said over, with no I/O (read by chat_trauma_contraindications.ts's thrombotic-disease hold). MCG
 * 1317.41 holds TXA for ACTIVE known thrombotic disease: medical director's nineteenth read (among its others) found "40yo mvc, dvt
 * 10 years ago resolved, sbp 80 hr 130, txa" held. Said resolved, or years ago, it is not active. Months, weeks or
 * days ago ("dvt last month", "pe diagnosed yesterday") may still be treated, so they stay held; so does a DVT or PE
 * on an anticoagulant now, which its own hold reads.
 */

import { agoIn, RESOLVED } from "./chat_said_over.ts";

/** Another clot named: the words after it are its own ("pe last month and dvt resolved"; twentieth read, H3). */
const ANOTHER_CLOT = "\\b(?:dvt|pe|clots?|embol\\w*|thromb\\w*)\\b";

/**
 * Right after the DVT or PE, in its clause and before any other clot is named: "resolved", "10 years ago", "years
 * ago" (never "not resolved").
 */
const OVER_AFTER = new RegExp(
  `^(?:(?!${ANOTHER_CLOT})[^,.;:?!\\n]){0,30}?(?:${RESOLVED}|${agoIn("years?|yrs?")})`,
  "i",
);

/** Right before it: "resolved dvt", "remote pe". */
const OVER_BEFORE = /\b(?:resolved|remote)\s+$/i;

/** For a Contraindication's notNow: the words that make this DVT or PE a past one. */
export const THROMBOSIS_OVER = { before: OVER_BEFORE, after: OVER_AFTER } as const;
