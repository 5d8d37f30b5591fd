/**
 * A clause of doses given that names no drug but says what only the drug asked about is given in ("1 kit given",
 * "1 bolus given", "gave 1L ns", "1 L ns given"), with no I/O. The chat's short names for saline are not read as a
 * fluid given ("ns given" is no request: chat_fluid_names.ts), and a kit or a bolus names no drug, so these clauses
 * were a history of no drug and the dose was offered as a first with "doses already given were not read" (medical
 * director's sixteenth read M5, seventeenth read M3/M4: TP 1204 step 6, one litre for sepsis; TP 1240 step 26, one
 * 5 g kit; TP 1204-P / TP 1207-P, one 20 mL/kg bolus before base). Read only when the message names no other drug.
 */
import { findMedications } from "./chat_names.ts";

/** What each drug is given in, said without its name (a pattern, whole words). */
const OWN_WORDS: Readonly<Record<string, string>> = {
  // MCG 1317.21: the adult's 5 g dose is the kit (chat_count_packages.ts reads the count).
  hydroxocobalamin: "(?:cyano)?kits?",
  // A saline bolus, or the chat's short names for saline beside a volume given ("1L ns", "500 ml fluids").
  // A volume alone ("1000 ml given", "250 ml given"): in a message naming no other drug, saline's (seventeenth read M3
  // had left these unread, and a second litre was offered: eighteenth read, M3).
  "normal-saline":
    "(?:fluid\\s+|ns\\s+)?bolus(?:es)?|ns|fluids?|\\d{1,4}(?:\\.\\d{1,2})?\\s*(?:ml|mls|l|liters?|litres?)",
};

/** OWN_WORDS as whole-word patterns, made once (read for every clause of every message). */
const OWN_PATTERNS = new Map(
  Object.entries(OWN_WORDS).map((
    [id, words],
  ) => [id, new RegExp(`(?<![\\w/-])(?:${words})(?![\\w/-])`, "i")]),
);

/** A volume of fluid as medics write it ("1000cc", "a liter", "1L NS"): group 1 the amount, group 2 the fluid named. */
const VOLUME =
  "(\\d{1,4}(?:\\.\\d{1,2})?\\s*(?:ml|mls|l|liters?|litres?))(\\s+(?:of\\s+)?(?:ns|normal\\s+saline|saline|fluids?))?";

/** "s/p 1L NS", "status post 500 ml": a volume given. */
const STATUS_POST_VOLUME = new RegExp(`(?:(?<![\\w/])s\\/p|\\bstatus\\s+post)\\s+${VOLUME}(?![\\w])`, "gi");
/** "1 liter in", "1000 ml ns infused": a volume given. */
const VOLUME_RUN_IN = new RegExp(`(?<![\\w.])${VOLUME}\\s+(?:in|infused|ran\\s+in|run\\s+in)(?![\\w])`, "gi");

/**
 * The message with saline's volumes given in medics' own wordings made plain for the count readers: "1000cc" is
 * 1000 ml, "a liter" is 1 l, and "1 liter in", "1000 ml ns infused", "s/p 1L NS" say that volume given. Each had gone
 * unread, so a second litre was offered as a first before base (eighteenth read, M3: TP 1204 step 6 gives one litre;
 * TP 1244 step 15 gives 250 mL, further fluid only after base contact). Only a volume is read so: "in" after a drug's
 * name, or "s/p" before an event, is not.
 */
export function salineVolumesPlain(text: string): string {
  return text
    .replace(/(?<![\w.])(\d{1,4})\s*cc(?![\w])/gi, "$1 ml")
    .replace(/\b(?:a|one)\s+(liter|litre)\b/gi, "1 l")
    .replace(STATUS_POST_VOLUME, "$1$2 given")
    .replace(VOLUME_RUN_IN, "$1$2 given");
}

/** True when `clause` names no drug and says `medicationId` in its own words, in a message naming no other drug. */
export function givenInOwnWords(clause: string, text: string, medicationId: string): boolean {
  const own = OWN_PATTERNS.get(medicationId);
  if (!own || findMedications(clause).length > 0) return false;
  if (findMedications(text).some((m) => m.id !== medicationId)) return false;
  return own.test(clause);
}
