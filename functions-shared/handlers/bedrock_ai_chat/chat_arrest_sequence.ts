/**
 * Epinephrine or amiodarone asked in VF / pulseless VT with fewer shocks written than the protocol places before
 * them, with no I/O: a note, never a refusal (the medic decides in the moment). TP 1210 step 9 begins epinephrine
 * after defibrillation x2 (note 10: early epinephrine can worsen outcomes in a shockable rhythm, where
 * defibrillation comes first), TP 1210-P step 15 after the second defibrillation; TP 1210 step 11 gives amiodarone
 * after defibrillation x3. "60yo arrest vf shocked x1 epi now?" had been dosed with no word of it (medical
 * director's twelfth read, M5; thirteenth, V3). Where no count of shocks is written, nothing is said. Amiodarone
 * asked where the rhythm written last is asystole or PEA is said too (MCG 1317.5: VF or pulseless VT only; Stop 60's
 * reads: "asystole arrest || amio?" had been given 300 mg with no word of it).
 */
import { shocksGivenSaid } from "./chat_shock_counts.ts";
import { ARREST_NOT_CUSTODY, PEA_RHYTHM } from "./chat_state_words.ts";

/** VF or pulseless VT named, or "shockable"; VT alone only in an arrest. Not after "no", "not", "non-". */
const SHOCKABLE =
  /(?<!\b(?:no|not|non|no\s+longer|never)[\s-]*)\b(?:v[\s-]?fib|vf|ventricular\s+fibrillation|pulseless\s+(?:v[\s-]?tach|vt|ventricular\s+tachycardia)|pvt|shockable)\b/gi;
const VT = /(?<!\b(?:no|not|no\s+longer)\s+)\b(?:v[\s-]?tach|vt)\b/gi;
const IN_ARREST = new RegExp(`\\b(?:${ARREST_NOT_CUSTODY}|pulseless|cpr|coding|code)\\b`, "i");
/** A rhythm that takes no shock: said after a shockable one ("was vf, now asystole"), it is the rhythm now. */
const NOT_SHOCKABLE = new RegExp(
  `\\b(?:asystole|asystolic|${PEA_RHYTHM}|pulseless\\s+electrical|non[\\s-]?shockable|not\\s+shockable|rosc|flat\\s*line)\\b`,
  "gi",
);

const lastAt = (text: string, pattern: RegExp) =>
  Math.max(-1, ...[...text.matchAll(pattern)].map((m) => m.index!));

/** The rhythm now is shockable: the newest message that names a rhythm names a shockable one last. */
function shockableNow(userTextsNewestFirst: readonly string[]): boolean {
  for (const text of userTextsNewestFirst) {
    const shockable = Math.max(lastAt(text, SHOCKABLE), IN_ARREST.test(text) ? lastAt(text, VT) : -1);
    const not = lastAt(text, NOT_SHOCKABLE);
    if (shockable >= 0 || not >= 0) return shockable > not;
  }
  return false;
}

interface Due {
  readonly shocks: number;
  /** What the protocol says, as a sentence's start. */
  readonly rule: string;
}

/** The shocks before each drug, adult and child; a child's amiodarone has no count (TP 1210-P step 16). */
function dueAfter(medicationId: string, child: boolean): Due | undefined {
  if (medicationId === "epinephrine") {
    return {
      shocks: 2,
      rule: child
        ? "In VF / pulseless VT, TP 1210-P step 15 begins epinephrine after the second defibrillation"
        : "In VF / pulseless VT, TP 1210 step 9 begins epinephrine after defibrillation x2 (note 10: given early " +
          "in a shockable rhythm it can worsen the outcome; defibrillation comes first)",
    };
  }
  if (medicationId === "amiodarone" && !child) {
    return {
      shocks: 3,
      rule:
        "TP 1210 step 11 gives amiodarone after defibrillation x3, for VF / pulseless VT that persists or recurs",
    };
  }
  return undefined;
}

/**
 * One note per drug asked for cardiac arrest (`indications[i]` of `medicationIds[i]`) whose shocks are not yet all
 * written, where the rhythm now is shockable and a count of shocks was read.
 */
export function arrestSequenceNotes(
  userTextsNewestFirst: readonly string[],
  medicationIds: readonly string[],
  indications: readonly (string | undefined)[],
  child: boolean,
): string[] {
  if (!shockableNow(userTextsNewestFirst)) return [];
  const shocks = shocksGivenSaid(userTextsNewestFirst, "defibrillation");
  if (!shocks) return [];
  const asked = new Set(
    medicationIds.filter((_id, i) => indications[i] === undefined || indications[i] === "cardiac-arrest"),
  );
  return [...asked].flatMap((id) => {
    const due = dueAfter(id, child);
    if (!due || shocks.count >= due.shocks) return [];
    const read = `${shocks.count === 1 ? "1 shock" : `${shocks.count} shocks`} read ("${shocks.clause}"${
      shocks.earlier ? ", an earlier message" : ""
    })`;
    return [
      `${due.rule}: ${read}. Say this with the dose; the dose is the protocol's, and the medic decides when to ` +
      "give it.",
    ];
  });
}

/** Asystole or PEA by name (never "rosc": a pulse back is asked, chat_circulation_now.ts). */
const ASYSTOLE_OR_PEA = new RegExp(
  `\\b(?:asystole|asystolic|${PEA_RHYTHM}|pulseless\\s+electrical(?:\\s+activity)?|flat\\s*line)\\b`,
  "gi",
);

/**
 * The note beside amiodarone where the rhythm written last is asystole or PEA (`userTextsNewestFirst`), quoted, or
 * undefined: the newest message that names a rhythm decides, as for the shocks ("vf, shocked x3, now asystole").
 */
export function amiodaroneRhythmNote(userTextsNewestFirst: readonly string[]): string | undefined {
  for (const text of userTextsNewestFirst) {
    const shockable = Math.max(lastAt(text, SHOCKABLE), IN_ARREST.test(text) ? lastAt(text, VT) : -1);
    const flat = [...text.matchAll(ASYSTOLE_OR_PEA)].at(-1);
    if (shockable < 0 && !flat) continue;
    if (!flat || shockable > flat.index) return undefined;
    return `Amiodarone is for VF or pulseless VT only (MCG 1317.5; TP 1210 step 11): the rhythm written last is ` +
      `"${flat[0]}", which takes none. Say this with the dose; the medic decides.`;
  }
  return undefined;
}
