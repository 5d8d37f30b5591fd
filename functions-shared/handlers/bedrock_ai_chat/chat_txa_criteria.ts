/**
 * TXA's indications, judged from the vitals the medic wrote, with no I/O (medical director's sixteenth read, H2:
 * "pph ... ebl 300 bp 120/80 hr 80 txa" was given 1 g). MCG 1317.41, TP 1244 step 16 (trauma: SBP < 90, HR > SBP, or
 * external haemorrhage uncontrolled despite pressure, haemostatics and tourniquet) and TP 1217 (post-partum: ongoing
 * bleeding with SBP < 90, HR > SBP or EBL > 500 mL). Held only where every criterion can be judged from what was
 * written and none is met: with no pressure, no heart rate (or, post-partum, no blood loss) written, the dose is kept
 * with the engine's caution, as before.
 */
import { findPatientFacts } from "./chat_mentions.ts";
import { POSTPARTUM, UNCONTROLLED } from "./chat_txa_bleeding_words.ts";
import { minutesSinceInjuryClock } from "./chat_txa_injury_clock.ts";

/** The estimated blood loss in mL ("ebl 300", "blood loss 300 ml", "lost about 300 cc"). */
const BLOOD_LOSS =
  /\b(?:ebl|(?:estimated\s+)?blood\s+loss|lost)\s*(?:of|is|:|=|~|about|approx\.?|around)*\s*(\d{2,4})\s*(?:ml|cc)?\b/i;

/** An unmet criterion, in the shape of chat_contraindications.ts's NamedContraindication (no import: no circle). */
export interface CriteriaUnmet {
  readonly id: string;
  readonly said: string;
  readonly why: string;
  readonly instead: string;
}

/** The newest of each, newest message first. */
function newest<T>(texts: readonly string[], read: (text: string) => T | undefined): T | undefined {
  for (const text of texts) {
    const value = read(text);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A TXA dose the written vitals do not indicate, as a contraindication said (`userTexts` newest first). */
export function txaCriteriaUnmet(userTexts: readonly string[]): CriteriaUnmet | undefined {
  const clock = newest(userTexts, minutesSinceInjuryClock);
  if (clock && clock.minutes > 180) {
    return {
      id: "past-3-hours",
      said: clock.said,
      why:
        "TXA is contraindicated more than 3 hours after the injury or delivery (MCG 1317.41; TP 1244 step 16; " +
        "TP 1217)",
      instead: "control bleeding per MCG 1370 and treat per TP 1244 or TP 1217; contact base.",
    };
  }
  if (userTexts.some((text) => UNCONTROLLED.test(text))) return undefined;
  // Heavy bleeding or an amputation alone is not TP 1244 step 16's "uncontrolled despite pressure, hemostatic dressing
  // and tourniquet": with vitals meeting no criterion the hold asks whether it is (eighteenth read, H1: it had dosed
  // bleeding said controlled, a nosebleed, vomited blood). "Bleeding out" says it (UNCONTROLLED).
  const sbp = newest(userTexts, (text) => findPatientFacts(text).systolicBp);
  const hr = newest(userTexts, (text) => findPatientFacts(text).heartRate);
  if (sbp === undefined || hr === undefined || sbp < 90 || hr > sbp) return undefined;
  const vitals = `SBP ${sbp}, HR ${hr}`;
  if (userTexts.some((text) => POSTPARTUM.test(text))) {
    const ebl = newest(userTexts, (text) => {
      const m = BLOOD_LOSS.exec(text);
      return m ? Number(m[1]) : undefined;
    });
    if (ebl === undefined || ebl > 500) return undefined;
    return {
      id: "txa-criteria-postpartum",
      said: `${vitals}, EBL ${ebl} mL`,
      why:
        "post-partum TXA needs ongoing bleeding with SBP < 90, HR > SBP or EBL > 500 mL (TP 1217 step 21; " +
        "MCG 1317.41), and none is met",
      instead: "fundal massage (TP 1217 step 18); if the bleeding goes on and one is met, ask again.",
    };
  }
  return {
    id: "txa-criteria-trauma",
    said: vitals,
    why:
      "trauma TXA needs SBP < 90, HR > SBP, or external bleeding uncontrolled despite pressure, hemostatic " +
      "dressing and tourniquet (TP 1244 steps 16 and 28; MCG 1317.41), and none was said",
    instead: "if external bleeding is uncontrolled despite those, say so ('uncontrolled bleeding').",
  };
}
