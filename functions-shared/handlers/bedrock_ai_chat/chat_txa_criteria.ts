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
import { BRAIN_INJURY } from "./chat_head_injury_words.ts";
import { otherInjuryNamed } from "./chat_other_injuries.ts";
import { MAJOR_BLUNT_WORDS } from "./chat_blunt_mechanisms.ts";
import { saidPlainly } from "./chat_said_plainly.ts";
import { re } from "./chat_state_words.ts";

/** A major blunt mechanism (a crash, a pedestrian struck, a fall from a height): injuries beyond the head are likely. */
const MAJOR_BLUNT = re(MAJOR_BLUNT_WORDS);

/**
 * The head injury said plainly in a conversation that names nothing else injured: no other injury or wound (chat_other_
 * injuries.ts), no major blunt mechanism. MCG 1317.41 contraindicates TXA in an isolated TBI and gives it for suspected
 * internal truncal or uncontrolled external bleeding, so the dose waits for the medic to say which (Stop 53's read of
 * the left-open list: "skull fx, sbp 80, txa" had been given 1 g).
 */
function headInjuryOnly(userTexts: readonly string[]): string | undefined {
  if (userTexts.some((text) => otherInjuryNamed(text) || saidPlainly(text, MAJOR_BLUNT))) return undefined;
  const text = userTexts.find((t) => saidPlainly(t, BRAIN_INJURY));
  return text === undefined ? undefined : BRAIN_INJURY.exec(text)![0];
}

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
  const head = userTexts.some((text) => POSTPARTUM.test(text)) ? undefined : headInjuryOnly(userTexts);
  if (head) {
    return {
      id: "isolated-tbi",
      said: head,
      why:
        "no injury but the head's is written, and TXA is contraindicated in an isolated traumatic brain injury " +
        "(MCG 1317.41)",
      instead:
        "if you suspect internal bleeding in the chest, abdomen or pelvis, or external bleeding is uncontrolled, " +
        "say so and ask again; otherwise treat the head injury per TP 1244; contact base.",
    };
  }
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
