/**
 * "s/p" and "status post" as a giving word, with no I/O. They bind to the word right after them: "s/p nitro x3", "s/p 2
 * doses of epi", "status post 0.5 mg epi" say doses given (medical director's twelfth read, H2: TP 1211 step 6), while
 * "s/p fall", "s/p bee sting", "s/p seizure", "s/p cabg", "status post mvc" are the patient's history of an event and
 * say nothing of any dose. Read as a giving word wherever it stood, "30yo s/p bee sting anaphylaxis epi" had been one
 * epinephrine given and refused (fourteenth read, H2: TP 1219 step 4; TP 1231 step 7; MCG 1345 guideline 7).
 */
import { DRUG_NAME } from "./chat_names.ts";

/** What may stand between "s/p" and the drug: a count, an amount, "doses of" ("s/p 3 epi", "s/p x2 0.4 mg nitro"). */
const BEFORE_DRUG =
  "(?:\\s+(?:[x×]\\s*\\d{1,2}|\\d{0,4}\\.?\\d{1,3}\\s*(?:mg|mcg|g|ml|units?)?|doses?|of|the))*";

/**
 * "s/p" or "status post" followed by a drug or by doses ("s/p nitro", "s/p 2 doses", "status post 3 epi"): a giving
 * word, as a regular-expression source with no groups and no flags of its own (callers add "i").
 */
export const STATUS_POST_DOSE = "(?:(?<![\\w/])s\\/p|\\bstatus\\s+post)(?=" + BEFORE_DRUG +
  `\\s+(?:(?:${DRUG_NAME})(?![\\w-])|doses?\\b))`;
