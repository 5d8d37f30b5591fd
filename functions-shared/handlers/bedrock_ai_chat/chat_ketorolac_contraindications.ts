/**
 * Ketorolac's contraindications a medic writes, with no I/O (read by chat_contraindications.ts): MCG 1345 guideline 7's
 * list and TP 1211 note 5 (no ketorolac in cardiac chest pain). Medical director's twelfth read, H6 ("cp 60yo,
 * toradol?" and "on eliquis, toradol?" had been dosed); thirteenth read, H4 and H6 (angina, MI, ST elevation,
 * pregnancy's forms and "ulcer" missed; past anticoagulant use, resolved wheezing and a negative screen held).
 */
import { type Contraindication, pregnancy } from "./chat_contraindication_words.ts";
import { HEAD_INJURY } from "./chat_head_injury_words.ts";
import { MAJOR_BLUNT_MECHANISM, MULTISYSTEM_INJURY, MULTISYSTEM_SAID } from "./chat_ketorolac_multisystem.ts";
import { ANTICOAGULANTS, LOWER_GI_BLEED, PAST_USE, re, UPPER_GI_BLEED } from "./chat_state_words.ts";

/**
 * "prior MI", "old MI", "previous MI": a past event, history, not the cardiac chest pain now that note 5 is of
 * (fourteenth read, M5); never an age's "60 year old MI".
 */
const PAST_EVENT_BEFORE =
  /(?:\b(?:prior|previous|past|remote|earlier)|(?<!\b(?:y|yo|yr|yrs|years?|y\/o|mo|months?|wks?|weeks?)\s*-?\s*)\bold)\s*$/i;

/** Ketorolac's contraindications said in a message (MCG 1345 guideline 7; TP 1211 note 5). */
const OPIOID_INSTEAD = "for pain, fentanyl or morphine where indicated (MCG 1345 guideline 8).";
export const KETOROLAC_CONTRAINDICATIONS: readonly Contraindication[] = [
  {
    id: "chest-pain",
    names: [
      re(
        "chest\\s+(?:pain|pressure|tightness|discomfort)|cp|c/p|n?stemi|acs|cardiac\\s+pain|" +
          // thirteenth read, H4: cardiac chest pain by its cause or its ECG
          "(?:unstable\\s+)?angina|mi|ami|heart\\s+attack|st[\\s-]?elevation\\w*|ste|stemi",
      ),
    ],
    notWith: re("non[\\s-]?cardiac|chest\\s+wall|ribs?|pleuritic|reproducible|cerebral\\s+palsy"),
    notNow: { before: PAST_EVENT_BEFORE },
    why: "no ketorolac in cardiac chest pain (TP 1211 note 5; MCG 1345 guideline 6)",
    instead:
      "morphine or fentanyl for pain after nitroglycerin (TP 1211 step 8). If the pain is not cardiac, say " +
      "'non-cardiac'.",
  },
  {
    id: "multisystem-trauma",
    // "multi-trauma" too (twentieth read, H5b; chat_ketorolac_multisystem.ts)
    names: [MULTISYSTEM_SAID],
    why: "ketorolac is contraindicated with multi-system trauma (MCG 1345 guideline 7)",
    instead: "fentanyl or morphine (TP 1244; MCG 1345 guideline 8).",
  },
  {
    id: "multisystem-trauma",
    // a major mechanism with a trunk or long-bone injury ("fell from scaffold, pelvic fx"; twentieth read, H5b)
    names: [MAJOR_BLUNT_MECHANISM],
    onlyWith: MULTISYSTEM_INJURY,
    why:
      "ketorolac is contraindicated with multi-system trauma (MCG 1345 guideline 7): a major mechanism with a trunk " +
      "or long-bone injury is read as multi-system",
    instead:
      "fentanyl or morphine (TP 1244; MCG 1345 guideline 8). If the injury is isolated, say 'isolated'.",
  },
  {
    id: "head-trauma",
    // TP 1244's head-injury words (concussion, a gsw to the head): "head or multisystem trauma" (MCG 1317.22)
    names: [HEAD_INJURY],
    why: "ketorolac is contraindicated with head trauma (MCG 1345 guideline 7)",
    instead: "fentanyl or morphine (TP 1244; MCG 1345 guideline 8).",
  },
  ...pregnancy(
    "ketorolac is contraindicated in known or suspected pregnancy (MCG 1345 guideline 7)",
    false,
    OPIOID_INSTEAD,
  ),
  {
    id: "anticoagulant",
    names: [re(ANTICOAGULANTS)],
    history: true,
    notNow: PAST_USE,
    why: "ketorolac is contraindicated with current anticoagulation (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "wheezing",
    names: [re("wheez\\w*|bronchospasm")],
    // "wheezing earlier, lungs clear now" (thirteenth read, H6): "active wheezing"
    undoneBy: re(
      "lungs?\\s+(?:are\\s+|now\\s+)?clear\\w*|clear\\s+(?:lungs|breath\\s+sounds)|breath\\s+sounds\\s+clear|ctab?",
    ),
    why: "ketorolac is contraindicated with active wheezing (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "sepsis",
    names: [re("sepsis|septic(?:\\s+shock)?|urosepsis")],
    why: "ketorolac is contraindicated in suspected sepsis or septic shock (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "gi-bleed-or-ulcer",
    names: [
      UPPER_GI_BLEED,
      // "hx ulcer" (thirteenth read, H4); a skin or foot ulcer is no peptic ulcer
      re(
        "peptic\\s+ulcers?|pud|(?<!(?:foot|leg|pressure|decubitus|venous|stasis|skin|corneal|mouth|diabetic|heel|" +
          "sacral|arterial|toe)\\s)ulcers?",
      ),
    ],
    history: true,
    why:
      "ketorolac is contraindicated with upper GI bleeding or peptic ulcer disease, past or present (MCG 1345 " +
      "guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "renal-disease",
    names: [
      re(
        "(?:renal|kidney)\\s+(?:failure|disease|insufficiency|transplant|dz)|ckd|esrd|aki|dialysis|" +
          "(?:kidney|renal)\\s+tx",
      ),
    ],
    history: true,
    why: "ketorolac is contraindicated with renal disease or a kidney transplant (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "steroids",
    names: [
      re(
        "steroids?|prednisone|prednisolone|dexamethasone|decadron|methylprednisolone|solu[\\s-]?medrol|medrol|" +
          "hydrocortisone",
      ),
    ],
    notNow: PAST_USE,
    why: "ketorolac is contraindicated with current steroid use (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "active-bleeding",
    names: [
      re(
        "active(?:ly)?\\s+bleed\\w*|hemorrhag\\w*|haemorrhag\\w*|uncontrolled\\s+bleed\\w*|arterial\\s+bleed\\w*",
      ),
      LOWER_GI_BLEED,
    ],
    why: "ketorolac is contraindicated with active bleeding (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
];
