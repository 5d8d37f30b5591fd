/**
 * Adenosine's contraindications a medic writes, with no I/O (read by chat_contraindications.ts): the rhythm now
 * (sinus tachycardia, atrial fibrillation or flutter, an irregular wide-complex tachycardia: TP 1213 notes 3, 6, 7)
 * and what the patient has or takes, said now or as history (WPW, carbamazepine, a heart transplant, sick sinus
 * syndrome, a 2nd/3rd degree block without a pacemaker: TP 1213 note 4, TP 1213-P note 2, MCG 1317.1). Medical
 * director's twelfth read, H3: "55yo afib rvr hr 170 adenosine?" had been given 6 mg.
 */
import type { Contraindication } from "./chat_contraindication_words.ts";
import { re } from "./chat_state_words.ts";

/** Atrial fibrillation or flutter by name ("afib", "a-fib", "a. fib", "a flutter"; also chat_amiodarone_pulse.ts). */
export const ATRIAL_FIBRILLATION =
  "a\\.?[\\s-]?fib\\w*|atrial\\s+fib\\w*|a\\.?[\\s-]?flutter|atrial\\s+flutter|flutter|rvr|af|irregularly\\s+irregular";
/**
 * Not the rhythm now (thirteenth read, H7): the reason for a medicine ("on eliquis for afib" is a history; TP 1213
 * note 6 is of the rhythm now), or a palpitation ("feels a flutter in her chest", "c/o chest flutter").
 */
const NOT_THE_RHYTHM = {
  before: new RegExp(
    "(?:\\b(?:on|takes?|taking|prescribed|rx)\\s+(?!(?:scene|arrival|monitor|the|our|ems|call|tele)\\b)" +
      "[\\w-]+(?:\\s+(?:and\\s+)?[\\w-]+){0,2}\\s+for|\\b(?:chest|feels?|feeling|felt|c\\/o|reports?)" +
      "(?:\\s+(?:a|of))?)\\s*$",
    "i",
  ),
  after: /^\s+(?:(?:in|of)\s+(?:\w+\s+)?chest|feeling|sensation)\b/i,
};
/** An irregular or wide rhythm, which with WPW may be atrial fibrillation (TP 1213 note 7). */
const IRREGULAR_OR_WIDE = re(
  `${ATRIAL_FIBRILLATION}|irregular\\w*|wide(?:[\\s-]+complex)?|wct|vt|v[\\s-]?tach\\w*`,
);

const WPW = re("wpw|wolf{1,2}[\\s-]+parkinson[\\s-]+white|pre[\\s-]?excitation|delta\\s+waves?");

/** For adenosine: contact base to discuss cardioversion when adenosine is contraindicated (TP 1213, after step 11). */
const ADENOSINE_BASE = "contact base to discuss synchronized cardioversion (TP 1213).";
export const ADENOSINE_CONTRAINDICATIONS: readonly Contraindication[] = [
  {
    id: "sinus-tachycardia",
    names: [re("sinus\\s+tach\\w*|s[\\s-]?tach")],
    why: "sinus tachycardia does not respond to adenosine (TP 1213 note 3; MCG 1317.1)",
    instead: "treat the cause; normal saline for poor perfusion (TP 1213 step 9; TP 1213-P steps 6–7).",
  },
  {
    id: "atrial-fibrillation",
    names: [re(ATRIAL_FIBRILLATION)],
    notNow: NOT_THE_RHYTHM,
    why: "adenosine does not slow or end atrial fibrillation or flutter (TP 1213 note 6)",
    instead: "for poor perfusion, contact base (TP 1213 step 14).",
  },
  {
    id: "irregular-wide-complex",
    names: [
      re(
        "irregular(?:ly)?\\s+(?:\\w+\\s+){0,2}?(?:wide|wct)|(?:wide|wct)\\s+(?:\\w+\\s+){0,2}?irregular|polymorphic",
      ),
    ],
    why: "no adenosine for an irregular wide-complex tachycardia (TP 1213 note 7)",
    instead: "contact base; for poor perfusion, synchronized cardioversion (TP 1213 steps 18–19).",
  },
  // MCG 1317.1 and TP 1213 note 4 name WPW WITH atrial fibrillation (an irregular, wide rhythm), not WPW alone
  // (thirteenth read, L1): held with it; said alone, held for base with the card's words, not as if AF were said.
  {
    id: "wpw-with-af",
    names: [WPW],
    history: true,
    onlyWith: IRREGULAR_OR_WIDE,
    why:
      "adenosine is contraindicated with WPW and atrial fibrillation (an irregular, wide-complex rhythm): it may " +
      "cause a fatal rhythm (TP 1213 notes 4 and 7; MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "wpw",
    names: [WPW],
    history: true,
    why:
      "with WPW, MCG 1317.1 and TP 1213 note 4 withhold adenosine when there is also atrial fibrillation (an " +
      "irregular, wide-complex rhythm); none was said, and for a regular narrow SVT the card does not forbid it",
    instead:
      "confirm the rhythm is regular and narrow, and contact base: the chat does not dose adenosine beside WPW.",
  },
  {
    id: "carbamazepine",
    names: [re("tegretol|carbamazepine|carbatrol|epitol")],
    history: true,
    why: "adenosine is contraindicated with carbamazepine (TP 1213 note 4; MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "heart-transplant",
    names: [re("(?:heart|cardiac)\\s+(?:transplant\\w*|tx)|transplanted\\s+heart")],
    history: true,
    why: "adenosine is contraindicated after a heart transplant (TP 1213 note 4; MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "sick-sinus",
    names: [
      re("sick\\s+sinus(?:\\s+syndrome)?|sss|sinus\\s+node\\s+(?:disease|dysfunction)|tachy[\\s-]?brady"),
    ],
    history: true,
    why: "adenosine is contraindicated with sick sinus syndrome (TP 1213 note 4; TP 1213-P note 2)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "heart-block",
    names: [
      re(
        "(?:2nd|second|3rd|third|[23])[\\s-]*(?:degree|deg|°)\\s*(?:av\\s+)?(?:heart\\s+)?(?:block|hb|avb)|" +
          "complete\\s+heart\\s+block|chb|mobitz(?:\\s+(?:i{1,2}|[12]|type\\s+(?:i{1,2}|[12])))?|wenckebach",
      ),
    ],
    history: true,
    notWith: re("(?<!(?:no|without|w/o)\\s+)(?:pacemaker|paced|ppm)"),
    why:
      "adenosine is contraindicated with 2nd or 3rd degree heart block without a pacemaker (MCG 1317.1; TP " +
      "1213-P note 2)",
    instead: "contact base.",
  },
];
