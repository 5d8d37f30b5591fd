/**
 * The contraindications a medic writes in the message, by the drug they hold, with no I/O: the words that name each,
 * what the document says (with its reference) and what it gives instead. Read by chat_contraindications.ts, which
 * decides whether each is said of this patient now. The medical director's twelfth read (H3, H6, H8, H9) found
 * ketorolac dosed in cardiac chest pain and on eliquis, olanzapine beside ondansetron, oral glucose for an
 * unresponsive patient and adenosine in atrial fibrillation, each written in the message. Adenosine's (the rhythm
 * and its cardiac history) are in chat_rhythm_contraindications.ts.
 */
import { listMedications } from "../../domain/dosing/mod.ts";
import { wordPattern } from "./chat_names.ts";

export interface Contraindication {
  /** Its condition's id; "chest-pain" also reads "pain gone" as its end (chat_pain_ends.ts). */
  readonly id: string;
  /** The words that name it (each a whole-word, case-insensitive pattern). */
  readonly names: readonly RegExp[];
  /** A history of it counts ("hx wpw", "h/o gi bleed"): a past fact, never a current rhythm ("hx afib"). */
  readonly history?: true;
  /** Named as given only ("olanzapine given"): the drug's name as a dose in this course (chat_named_given.ts). */
  readonly givenDrug?: string;
  /** A state: said after it, in its message or a newer one, these words say the patient is no longer so. */
  readonly undoneBy?: RegExp;
  /** Said anywhere in the message, these make its words mean something else ("non-cardiac", "pacemaker"). */
  readonly notWith?: RegExp;
  /** Why no dose, in a few words, with the reference. */
  readonly why: string;
  /** What the document gives instead, where it says. */
  readonly instead?: string;
}

export const re = (source: string) => new RegExp(`(?<![\\w/-])(?:${source})(?![\\w/-])`, "i");

/** Every name and alias of a formulary drug, as the chat reads them (chat_names.ts). */
function drugNames(medicationId: string): RegExp[] {
  const med = listMedications().find((m) => m.id === medicationId);
  if (!med) return [];
  return [...new Set([med.id, med.name, ...med.aliases])].filter((n) => n.length >= 3).map(wordPattern);
}

const PREGNANT = re(
  "pregnan(?:t|cy)(?:\\s+test)?|preg(?:nant)?\\s+test|preggo|preg|gravid|iup|" +
    "\\d{1,2}\\s*(?:wks?|weeks?)\\s*(?:pregnant|gestation|ga|pg)|(?:upt|hcg)(?:\\s+(?:is\\s+)?(?:pos\\w*|\\+))",
);

/** Not awake and alert (TP 1203 step 7, TP 1211 step 5): unresponsive, obtunded, a GCS of 13 or less. */
const UNRESPONSIVE = [
  // "unresponsive to nitro" is a drug that failed; "unresponsive to pain" is the patient
  re(
    "(?:un|non)[\\s-]?responsive(?!\\s+to\\s+(?!(?:voice|verbal|pain|painful|stimul\\w*|touch|sternal|commands?)\\b))",
  ),
  re(
    "unconscious|obtunded|unarousable|unrousable|comatose|not\\s+alert|responds?\\s+(?:only\\s+)?to\\s+pain",
  ),
  re("(?:unable\\s+to|can['’]?t|cannot|can\\s+not)\\s+swallow|no\\s+gag(?:\\s+reflex)?"),
  re("gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*(?:[3-9]|1[0-3])"),
];
const AWAKE_NOW = re(
  "(?<!(?:un|not\\s|non[\\s-]?))(?:awake|alert|responsive|conscious)|a\\s*[&+/]?\\s*o\\s*x?\\s*[1-4]|aox\\d|" +
    "talking|follow(?:s|ing)\\s+commands|woke\\s+up|came\\s+(?:to|around)|gcs(?:\\s+(?:is|of|now))?\\s*[:=]?\\s*1[45]",
);

const UNCOOPERATIVE = [
  re("un[\\s-]?cooperative|uncoop|non[\\s-]?cooperative|not\\s+cooperative|combative|violent|assaultive"),
  re(
    "fighting\\s+(?:us|crew|ems|staff|pd|police|restraints)|spitting|won['’]?t\\s+take|refus\\w*\\s+(?:meds?|medications?|po|odt|to\\s+take)",
  ),
];
const COOPERATIVE_NOW = re(
  "(?<!(?:un|non[\\s-]?|not\\s))cooperative|calm(?:ed)?(?:\\s+down)?|willing\\s+to\\s+take",
);

const GI_BLEED_NOW = re(
  "(?:upper\\s+)?gi\\s+bleed\\w*|ugib|hematemesis|haematemesis|(?:vomiting|throwing\\s+up|puking)\\s+blood|" +
    "(?:bloody|coffee[\\s-]+grounds?)\\s+(?:emesis|vomit\\w*)|coffee[\\s-]+grounds?|melena|black\\s+tarry\\s+stools?|bleeding\\s+ulcers?",
);

/** Ketorolac's contraindications said in a message (MCG 1345 guideline 7; TP 1211 note 5). */
const OPIOID_INSTEAD = "for pain, fentanyl or morphine where indicated (MCG 1345 guideline 8).";
const KETOROLAC: readonly Contraindication[] = [
  {
    id: "chest-pain",
    names: [re("chest\\s+(?:pain|pressure|tightness|discomfort)|cp|c/p|n?stemi|acs|cardiac\\s+pain")],
    notWith: re("non[\\s-]?cardiac|chest\\s+wall|ribs?|pleuritic|reproducible|cerebral\\s+palsy"),
    why: "no ketorolac in cardiac chest pain (TP 1211 note 5; MCG 1345 guideline 6)",
    instead:
      "morphine or fentanyl for pain after nitroglycerin (TP 1211 step 8). If the pain is not cardiac, say " +
      "'non-cardiac'.",
  },
  {
    id: "multisystem-trauma",
    names: [
      re(
        "multi[\\s-]?system(?:ic)?(?:\\s+(?:trauma|injur\\w*))?|poly[\\s-]?trauma|multiple\\s+(?:trauma|injuries)",
      ),
    ],
    why: "ketorolac is contraindicated with multi-system trauma (MCG 1345 guideline 7)",
    instead: "fentanyl or morphine (TP 1244; MCG 1345 guideline 8).",
  },
  {
    id: "head-trauma",
    names: [
      re("head\\s+(?:injury|injuries|inj|trauma|strike|wound|lac\\w*)|tbi|skull\\s+(?:fx|fracture)"),
      re("(?:hit|struck|bumped|banged)\\s+(?:(?:his|her|their|the)\\s+)?head"),
    ],
    why: "ketorolac is contraindicated with head trauma (MCG 1345 guideline 7)",
    instead: "fentanyl or morphine (TP 1244; MCG 1345 guideline 8).",
  },
  {
    id: "pregnancy",
    names: [PREGNANT],
    why: "ketorolac is contraindicated in known or suspected pregnancy (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "anticoagulant",
    names: [
      re(
        "eliquis|apixaban|xarelto|rivaroxaban|coumadin|warfarin|jantoven|pradaxa|dabigatran|savaysa|edoxaban|" +
          "lovenox|enoxaparin|heparin|blood[\\s-]+thinners?|anti[\\s-]?coag\\w*",
      ),
    ],
    history: true,
    why: "ketorolac is contraindicated with current anticoagulation (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "wheezing",
    names: [re("wheez\\w*|bronchospasm")],
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
    names: [GI_BLEED_NOW, re("peptic\\s+ulcers?|pud|(?:stomach|gastric|duodenal)\\s+ulcers?|ulcers")],
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
    why: "ketorolac is contraindicated with current steroid use (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
  {
    id: "active-bleeding",
    names: [
      re(
        "active(?:ly)?\\s+bleed\\w*|hemorrhag\\w*|haemorrhag\\w*|uncontrolled\\s+bleed\\w*|arterial\\s+bleed\\w*",
      ),
    ],
    why: "ketorolac is contraindicated with active bleeding (MCG 1345 guideline 7)",
    instead: OPIOID_INSTEAD,
  },
];

/**
 * By medication id: the contraindications a message may name (MCG 1317.x cards and the treatment protocols); adenosine's
 * rhythms are chat_rhythm_contraindications.ts's.
 */
export const CONTRAINDICATION_WORDS: Readonly<Record<string, readonly Contraindication[]>> = {
  ketorolac: KETOROLAC,
  olanzapine: [
    {
      id: "ondansetron",
      names: drugNames("ondansetron"),
      history: true,
      why:
        "olanzapine is contraindicated with ondansetron, given or to be given (QT prolongation; MCG 1317.32)",
      instead: "not both: for an uncooperative patient, midazolam (TP 1209 step 10).",
    },
    {
      id: "dementia",
      names: [re("dementia|alzheimer['’]?s?|alzheimers")],
      history: true,
      why: "olanzapine is contraindicated in dementia-related psychosis (MCG 1317.32)",
      instead: "contact base.",
    },
    { id: "pregnancy", names: [PREGNANT], why: "olanzapine is contraindicated in pregnancy (MCG 1317.32)" },
    {
      id: "uncooperative",
      names: UNCOOPERATIVE,
      undoneBy: COOPERATIVE_NOW,
      why: "olanzapine is for a cooperative patient who can take it (TP 1209 step 9)",
      instead: "for an uncooperative patient posing a risk, midazolam with base contact (TP 1209 step 10).",
    },
  ],
  ondansetron: [
    {
      id: "pregnancy",
      names: [PREGNANT],
      why: "ondansetron is contraindicated in pregnancy, at any gestational age (MCG 1317.33)",
    },
    {
      id: "olanzapine-given",
      names: drugNames("olanzapine"),
      givenDrug: "olanzapine",
      why: "olanzapine was given: not with ondansetron (QT prolongation; MCG 1317.32, MCG 1317.33)",
      instead: "contact base.",
    },
  ],
  aspirin: [
    {
      id: "unresponsive",
      names: UNRESPONSIVE,
      undoneBy: AWAKE_NOW,
      why: "aspirin is given by mouth only to an alert patient (TP 1211 step 5)",
    },
    {
      id: "gi-bleed",
      names: [GI_BLEED_NOW],
      why: "aspirin is withheld for active GI bleeding (TP 1211 note 3; MCG 1317.7)",
    },
  ],
  glucopaste: [
    {
      id: "unresponsive",
      names: UNRESPONSIVE,
      undoneBy: AWAKE_NOW,
      why: "oral glucose only if awake and alert (TP 1203 step 7; TP 1203-P step 6)",
      instead: "dextrose 10% IV/IO, or glucagon IM without vascular access.",
    },
  ],
};
