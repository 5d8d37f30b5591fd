/**
 * Multi-system trauma as a medic describes it without the word, for ketorolac's hold, with no I/O (read by
 * chat_ketorolac_contraindications.ts). MCG 1345 guideline 7 lists "head or multisystem trauma" among ketorolac's
 * contraindications (TP 1244 says so too). Medical director's twentieth read, H5b: "crushed by forklift, chest and
 * pelvis injuries", "fell from scaffold, pelvic fx" and "multi-trauma from mvc, femur fx" were dosed. A major blunt
 * mechanism with a trunk or long-bone injury (chat_other_injuries.ts) is read as multi-system; an ankle sprain or a
 * wrist fracture from a fall from standing names no major mechanism, and "mvc, ankle fx" no trunk or long bone: both
 * stay dosed, as does an injury said isolated.
 */
import { MAJOR_BLUNT_WORDS } from "./chat_blunt_mechanisms.ts";
import { saidIsolated, trunkOrLongBoneInjuryNamed } from "./chat_other_injuries.ts";
import { re } from "./chat_state_words.ts";

/** Multi-system trauma said outright ("multi-trauma", "multisystem injuries", "polytrauma", "multiple injuries"). */
export const MULTISYSTEM_SAID = re(
  "multi[\\s-]?(?:system(?:ic)?|trauma)(?:\\s+(?:trauma|injur\\w*))?|poly[\\s-]?trauma|" +
    "multiple\\s+(?:trauma|injuries)",
);

/** A major blunt mechanism (chat_blunt_mechanisms.ts; never a fall from standing nor a penetrating wound alone). */
export const MAJOR_BLUNT_MECHANISM = re(MAJOR_BLUNT_WORDS);

/** Said with the mechanism, the injuries that make it multi-system: a trunk or long-bone one, never "isolated". */
export const MULTISYSTEM_INJURY = {
  test: (text: string) => trunkOrLongBoneInjuryNamed(text) && !saidIsolated(text),
};
