/**
 * How medics describe the bleeding TXA is asked for, with no I/O (read by chat_txa_criteria.ts and
 * chat_trauma_contraindications.ts). Medical director's eighteenth read, H1: "heavy bleeding" anywhere had been read as
 * uncontrolled, so a nosebleed, a cut "controlled with pressure" and bleeding a tourniquet had stopped were dosed; now
 * only bleeding said uncontrolled (or "bleeding out") meets that criterion, and the hold asks otherwise.
 * MCG 1317.41 gives TXA for trauma within 3 hours (SBP < 90, HR > SBP, or external bleeding uncontrolled despite
 * pressure, haemostatics and tourniquet; TP 1244 steps 16 and 28) and for post-partum haemorrhage (TP 1217) only.
 */
import { LOWER_GI_BLEED, re, UPPER_GI_BLEED } from "./chat_state_words.ts";

export const POSTPARTUM = re(
  "pph|post[\\s-]?partum|deliver(?:ed|y)|gave\\s+birth|after\\s+birth|(?:vaginal|precipitous|field)\\s+birth",
);

/** External bleeding said uncontrolled despite what was tried: TP 1244 step 16's third criterion, met. */
export const UNCONTROLLED = re(
  "uncontroll\\w*|not\\s+controlled|still\\s+bleeding|keeps?\\s+bleeding|continu\\w*\\s+(?:to\\s+)?bleed\\w*|" +
    "ongoing\\s+(?:bleed\\w*|hemorrhage|haemorrhage)|active(?:ly)?\\s+(?:bleed\\w*|hemorrhag\\w*)|" +
    // nineteenth read, H2: a tourniquet or pressure said to fail, or a "controlled? no"
    "tourniquet\\s+(?:has\\s+)?failed|failed\\s+tourniquet|not\\s+stopped|(?:cant|can['’]t|cannot|could\\s*n['’]?t|" +
    "unable\\s+to)\\s+(?:be\\s+)?(?:control\\w*|stop\\w*)|controlled\\s*\\?\\s*no|still\\s+pumping|pumping|" +
    "bleeding\\s+out|bleeding\\s+through|soak\\w*\\s+through|spurting|arterial\\s+bleed\\w*|(?:despite|through)\\s+(?:the\\s+)?" +
    "(?:tourniquet|pressure|packing|gauze)|massive\\s+(?:bleed\\w*|hemorrhage)",
);

/**
 * Bleeding MCG 1317.41 does not authorize EMS to treat with TXA (its "not authorized" list: epistaxis, dental,
 * surgical, menstrual, haemophilia) and non-traumatic bleeding its indications leave out (GI, vomited blood, vaginal
 * bleeding that is not post-partum).
 */
export const NOT_EMS_BLEEDING = new RegExp(
  [
    re(
      "epistaxis|nose\\s*bleed\\w*|bleeding\\s+(?:from\\s+)?(?:the\\s+)?nose|dental\\s+(?:bleed\\w*|extraction)|" +
        "tooth\\s+extraction|(?:surgical|post[\\s-]?op(?:erative)?)\\s+bleed\\w*|menstrual|menorrhagia|" +
        "vaginal\\s+bleed\\w*|hemophilia\\w*|haemophilia\\w*",
    ),
    // GI bleeding by the words aspirin's and ketorolac's holds read (chat_state_words.ts)
    UPPER_GI_BLEED,
    LOWER_GI_BLEED,
  ].map((p) => p.source).join("|"),
  "i",
);

/**
 * An injury named: the bleeding may be traumatic, so the trauma criteria decide (TP 1244). Single words, broader than
 * chat_blunt_mechanisms.ts's phrases on purpose ("crush\w*", "struck", "hit" take "crushed by forklift" already): it
 * only lets the trauma criteria be weighed, it holds or gives nothing by itself.
 */
export const INJURY_NAMED = re(
  "injur\\w*|trauma\\w*|gsw|gun\\s*shot|shot|stab\\w*|mvc|mva|crash\\w*|fall|fell|assault\\w*|lac|lacerat\\w*|" +
    // nineteenth read, H1: blunt blows ("punched in abdomen, vomiting blood") are injuries too
    "punch\\w*|kick\\w*|beat(?:en|ing)|hit|struck\\s+by|blow\\s+to|" +
    "wound\\w*|amputat\\w*|fractur\\w*|fx|crush\\w*|struck|hit\\s+by|ejected|blunt|penetrating|cut",
);
