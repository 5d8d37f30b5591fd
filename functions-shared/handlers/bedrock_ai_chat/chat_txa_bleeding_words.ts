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
 * A stab wound as medics write it ("stabbed x3", "stabwound", "stab-wound", "stabbings"): never "stable" or
 * "stabilized", however spelled ("stabalized"), which had held "pt was stable then went pulseless" as a traumatic arrest
 * and given TXA for "gi bleed, pt stable" (Stop 54's gate reads), nor a pain that stabs ("stabbing chest pain", "sharp
 * stabbing pain", "pain that stabs"; never "stabbing with pain to the chest"). One rule for the traumatic arrest,
 * TXA's injury and its clock.
 */
export const STAB_WOUND =
  "(?<!pains?\\s+that\\s+)stab(?!l|[ai]l)(?!bing\\s+(?:(?:chest|abd\\w*|back|epigastric|" +
  "flank|rib|substernal|sharp|severe|intermittent|constant|left|right|l|r)\\s+){0,2}pains?\\b)" +
  // a pain's kind ("stabbing-type pain", "stab-like epigastric pain"), never the wound ("stab-type wound")
  "(?!\\w*-(?:type|like)\\s+(?:(?!wound|injur|lac|puncture|stab)[\\w/-]+\\s+){0,2}?" +
  "(?:pain|ache|cramp|sensation|discomfort)s?\\b)[\\w-]*";

/**
 * An injury named: the bleeding may be traumatic, so the trauma criteria decide (TP 1244). Single words, broader than
 * chat_blunt_mechanisms.ts's phrases on purpose ("crush\w*", "struck", "hit" take "crushed by forklift" already): it
 * only lets the trauma criteria be weighed, it holds or gives nothing by itself.
 */
export const INJURY_NAMED = re(
  `injur\\w*|trauma\\w*|gsw|gun\\s*shot|shot|${STAB_WOUND}|mvc|mva|crash\\w*|fall|fell|assault\\w*|lac|lacerat\\w*|` +
    // nineteenth read, H1: blunt blows ("punched in abdomen, vomiting blood") are injuries too
    "punch\\w*|kick\\w*|beat(?:en|ing)|hit|struck\\s+by|blow\\s+to|" +
    "wound\\w*|amputat\\w*|fractur\\w*|fx|crush\\w*|struck|hit\\s+by|ejected|blunt|penetrating|cut|" +
    // a pelvic binder is placed for a pelvic fracture ("pt stabilized pelvis with binder": Stop 54's third gate read);
    // never a bare "binder" (a chest binder, a med binder: the fourth read)
    "pelvic\\s+binder|pelvis\\s+(?:with|in)\\s+(?:a\\s+)?binder|binder\\s+(?:on|to|around)\\s+(?:the\\s+)?pelvis",
);
