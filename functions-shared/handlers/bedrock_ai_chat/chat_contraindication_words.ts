/**
 * The contraindications a medic writes in the message, by the drug they hold, with no I/O: the words that name each,
 * what the document says (with its reference) and what it gives instead. Read by chat_contraindications.ts, which
 * decides whether each is said of this patient now. The medical director's twelfth read (H3, H6, H8, H9) found
 * ketorolac dosed in cardiac chest pain and on eliquis, olanzapine beside ondansetron, oral glucose for an
 * unresponsive patient and adenosine in atrial fibrillation, each written in the message. Adenosine's (the rhythm
 * and its cardiac history) are in chat_rhythm_contraindications.ts, ketorolac's in
 * chat_ketorolac_contraindications.ts; the words of a state (alertness, pregnancy, a GI bleed) in chat_state_words.ts
 * and chat_pregnancy_words.ts.
 */
import { listMedications } from "../../domain/dosing/mod.ts";
import { wordPattern } from "./chat_names.ts";
import { NOT_THIS_COURSE } from "./chat_named_given.ts";
import { GI_BLEED_OVER } from "./chat_gi_bleed_past.ts";
import { GI_BLEED_THEN_NOW } from "./chat_gi_bleed_now.ts";
import {
  GESTATION_WEEKS,
  NOT_GESTATION_AFTER,
  NOT_GESTATION_BEFORE,
  PAST_PREGNANCY_BEFORE,
  POSSIBLY_PREGNANT,
  PREGNANT,
  UNSURE_AFTER,
  UNSURE_BEFORE,
  WOMAN,
} from "./chat_pregnancy_words.ts";
import {
  AWAKE_NOW,
  COOPERATIVE_NOW,
  LOWER_GI_BLEED,
  NOT_ALERT,
  re,
  UNCOOPERATIVE,
  UPPER_GI_BLEED,
} from "./chat_state_words.ts";

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
  /** Said anywhere in a message, these end it there, before or after its words ("medical arrest after mvc"). */
  readonly endedBy?: { test(text: string): boolean };
  /** Said anywhere in the message, these make its words mean something else ("non-cardiac", "pacemaker"). */
  readonly notWith?: { test(text: string): boolean };
  /** Read only where these are said in the message too ("20 wks" of a woman; WPW with atrial fibrillation). */
  readonly onlyWith?: { test(text: string): boolean };
  /** Right before or after a name (in its clause), words that make it past, unsure or not this course's. */
  readonly notNow?: { readonly before?: RegExp; readonly after?: RegExp };
  /** Held only for these indications of the drug, or a request that names none ("cardiac-arrest" epinephrine). */
  readonly indications?: readonly string[];
  /** Why no dose, in a few words, with the reference. */
  readonly why: string;
  /** What the document gives instead, where it says. */
  readonly instead?: string;
}

/** Every name and alias of a formulary drug, as the chat reads them (chat_names.ts). */
function drugNames(medicationId: string): RegExp[] {
  const med = listMedications().find((m) => m.id === medicationId);
  if (!med) return [];
  return [...new Set([med.id, med.name, ...med.aliases])].filter((n) => n.length >= 3).map(wordPattern);
}

/**
 * Pregnancy, for one drug: its words, and "20 wks" in a woman's report (thirteenth read, H4); never a past one
 * ("recently pregnant"). `knownOnly`: G > P alone, or a doubt ("could be pregnant", "pregnancy unknown") holds nothing, as the
 * cards of olanzapine and ondansetron withhold them in KNOWN pregnancy (MCG 1317.32, MCG 1317.33; thirteenth read,
 * M2); ketorolac's "known or suspected" (MCG 1345 guideline 7) holds on it.
 */
export function pregnancy(why: string, knownOnly: boolean, instead?: string): Contraindication[] {
  const doubt = (before: RegExp, unsure: RegExp) =>
    knownOnly ? new RegExp(`(?:${before.source})|(?:${unsure.source})`, "i") : before;
  const notNow = {
    before: doubt(PAST_PREGNANCY_BEFORE, UNSURE_BEFORE),
    ...(knownOnly ? { after: UNSURE_AFTER } : {}),
  };
  const base = { why, ...(instead ? { instead } : {}) };
  return [
    // G > P alone is a possible pregnancy: for ketorolac only (fourteenth read, M5)
    { id: "pregnancy", names: knownOnly ? [PREGNANT] : [PREGNANT, POSSIBLY_PREGNANT], notNow, ...base },
    {
      id: "pregnancy-weeks",
      names: [GESTATION_WEEKS],
      onlyWith: WOMAN,
      notNow: {
        before: new RegExp(`(?:${NOT_GESTATION_BEFORE.source})|(?:${notNow.before.source})`, "i"),
        after: NOT_GESTATION_AFTER,
      },
      ...base,
    },
  ];
}

/**
 * Ondansetron that will not be given in this course: the patient's allergy to it, a wish to avoid it ("allergic to
 * zofran", "wants to avoid zofran"), or another day's dose ("zofran yesterday at urgent care"). MCG 1317.32 withholds
 * olanzapine for co-administration, given now or to be given (thirteenth read, H7).
 */
const ONDANSETRON_NOT_GIVEN = {
  before: new RegExp(
    "\\b(?:allerg\\w*|rxn|reactions?|intoleran\\w*|avoid\\w*|refus\\w*|declin\\w*|" +
      "(?:doesn['’]?t|does\\s+not|do\\s+not|don['’]?t|didn['’]?t)\\s+(?:want|like|tolerate))" +
      "(?:\\s+(?:to|any|the|more|a|of|with))*\\s*$",
    "i",
  ),
  after: new RegExp(
    `^\\s*(?:allerg\\w*|rxn|reaction|intoleran\\w*)|^[^,.;?]*?(?:${NOT_THIS_COURSE.source})`,
    "i",
  ),
};

/**
 * By medication id: the contraindications a message may name (MCG 1317.x cards and the treatment protocols); adenosine's
 * rhythms are chat_rhythm_contraindications.ts's.
 */
export const CONTRAINDICATION_WORDS: Readonly<Record<string, readonly Contraindication[]>> = {
  olanzapine: [
    {
      id: "ondansetron",
      names: drugNames("ondansetron"),
      history: true,
      notNow: ONDANSETRON_NOT_GIVEN,
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
    ...pregnancy("olanzapine is contraindicated in known pregnancy (MCG 1317.32)", true),
    {
      id: "uncooperative",
      names: UNCOOPERATIVE,
      undoneBy: COOPERATIVE_NOW,
      why: "olanzapine is for a cooperative patient who can take it (TP 1209 step 9)",
      instead: "for an uncooperative patient posing a risk, midazolam with base contact (TP 1209 step 10).",
    },
  ],
  ondansetron: [
    ...pregnancy(
      "ondansetron is contraindicated in known pregnancy, at any gestational age (MCG 1317.33)",
      true,
    ),
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
      names: NOT_ALERT,
      undoneBy: AWAKE_NOW,
      why: "aspirin is given by mouth only to an alert patient (TP 1211 step 5)",
    },
    {
      id: "gi-bleed",
      names: [UPPER_GI_BLEED, LOWER_GI_BLEED],
      // "gi bleed last year", "prior gi bleed": over, not active (twentieth read, M1; chat_gi_bleed_past.ts)
      notNow: GI_BLEED_OVER,
      why: "aspirin is withheld for active GI bleeding (TP 1211 note 3; MCG 1317.7)",
    },
    // a GI bleed named however past, with words that it bleeds now: "gi bleed last year, still bleeding" (twenty-first
    // read, HA; chat_gi_bleed_past.ts BLEEDING_NOW)
    {
      id: "gi-bleed",
      names: [GI_BLEED_THEN_NOW],
      why: "aspirin is withheld for active GI bleeding (TP 1211 note 3; MCG 1317.7)",
    },
  ],
  glucopaste: [
    {
      id: "unresponsive",
      names: NOT_ALERT,
      undoneBy: AWAKE_NOW,
      why: "oral glucose only if awake and alert (TP 1203 step 7; TP 1203-P step 6)",
      instead: "dextrose 10% IV/IO, or glucagon IM without vascular access.",
    },
  ],
};
