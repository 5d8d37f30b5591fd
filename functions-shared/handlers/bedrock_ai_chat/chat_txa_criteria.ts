/**
 * TXA's indications, judged from the vitals the medic wrote, with no I/O (medical director's sixteenth read, H2:
 * "pph ... ebl 300 bp 120/80 hr 80 txa" was given 1 g). MCG 1317.41, TP 1244 step 16 (trauma: SBP < 90, HR > SBP, or
 * external haemorrhage uncontrolled despite pressure, haemostatics and tourniquet) and TP 1217 (post-partum: ongoing
 * bleeding with SBP < 90, HR > SBP or EBL > 500 mL). Held only where every criterion can be judged from what was
 * written and none is met: with no pressure, no heart rate (or, post-partum, no blood loss) written, the dose is kept
 * with the engine's caution, as before.
 */
import { findPatientFacts } from "./chat_mentions.ts";
import { re } from "./chat_state_words.ts";

const POSTPARTUM = re(
  "pph|post[\\s-]?partum|deliver(?:ed|y)|gave\\s+birth|after\\s+birth|(?:vaginal|precipitous|field)\\s+birth",
);
/** External bleeding the medic calls uncontrolled or ongoing: TP 1244 step 16's third criterion. */
const UNCONTROLLED = re(
  "uncontroll\\w*|not\\s+controlled|still\\s+bleeding|keeps?\\s+bleeding|continu\\w*\\s+(?:to\\s+)?bleed\\w*|" +
    "ongoing\\s+(?:bleed\\w*|hemorrhage|haemorrhage)|active(?:ly)?\\s+(?:bleed\\w*|hemorrhag\\w*)|" +
    "bleeding\\s+through|soak\\w*\\s+through|spurting|arterial\\s+bleed\\w*|(?:despite|through)\\s+(?:the\\s+)?" +
    "(?:tourniquet|pressure|packing|gauze)|massive\\s+(?:bleed\\w*|hemorrhage)|" +
    // Heavy bleeding or an amputation may be uncontrolled: not a reason to refuse (seventeenth read, L1; TP 1244
    // step 16, MCG 1370); the dose is kept with the engine's caution, as with no vitals written.
    "bleeding\\s+out|bleeding\\s+(?:heavily|profusely|a\\s+lot)|(?:heavy|heavily|profuse\\w*|severe|brisk|" +
    "significant|major)\\s+(?:bleed\\w*|hemorrhag\\w*|haemorrhag\\w*)|(?:partial\\s+|traumatic\\s+)?amputat\\w*",
);
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
  if (userTexts.some((text) => UNCONTROLLED.test(text))) return undefined;
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
