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
  "normal-saline": "(?:fluid\\s+|ns\\s+)?bolus(?:es)?|ns|fluids?",
};

/** True when `clause` names no drug and says `medicationId` in its own words, in a message naming no other drug. */
export function givenInOwnWords(clause: string, text: string, medicationId: string): boolean {
  const words = OWN_WORDS[medicationId];
  if (!words || findMedications(clause).length > 0) return false;
  if (findMedications(text).some((m) => m.id !== medicationId)) return false;
  return new RegExp(`(?<![\\w/-])(?:${words})(?![\\w/-])`, "i").test(clause);
}
