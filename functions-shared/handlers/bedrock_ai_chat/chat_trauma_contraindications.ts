/**
 * The trauma contraindications a medic writes, with no I/O (read by chat_contraindications.ts). Medical director's
 * sixteenth read:
 *   - H1: "gsw chest traumatic arrest epi" and "blunt trauma arrest amiodarone" were given the medical-arrest doses of
 *     TP 1210 / TP 1210-P. TP 1243 / TP 1243-P (traumatic arrest) give no drug but normal saline, and the cards limit
 *     the arrest use of epinephrine and amiodarone to non-traumatic arrest (MCG 1317.17, MCG 1317.5). Held only for
 *     the arrest indication (or none named): epinephrine for anaphylaxis or push-dose in a trauma patient is not.
 *   - H2: TXA given past 3 hours, in an isolated head injury, after CPR over 5 minutes, in thrombotic disease: each a
 *     contraindication on its card (MCG 1317.41).
 * A fall from standing, or "found down", does not make an arrest traumatic (most such falls follow the arrest; TP
 * 1243 note 4 likewise treats hanging and submersion as medical arrests): only a fall from a height does.
 */
import type { Contraindication } from "./chat_contraindication_words.ts";
import { ANTICOAGULANTS, ARREST_NOT_CUSTODY, PEA_RHYTHM, re } from "./chat_state_words.ts";
import { THROMBOSIS_OVER } from "./chat_thrombosis_past.ts";
import { CLOT_TREATED, THROMBOSIS_BEING_TREATED, THROMBOSIS_NAMED } from "./chat_thrombosis_words.ts";
import { arrestSaidMedical } from "./chat_medical_arrest.ts";
import { saidPlainly } from "./chat_said_plainly.ts";
import { BLUNT_MECHANISM_WORDS, MAJOR_BLUNT_WORDS } from "./chat_blunt_mechanisms.ts";
import { BRAIN_INJURY_NAMES } from "./chat_head_injury_words.ts";
import { otherInjuryNamed } from "./chat_other_injuries.ts";
import { INJURY_NAMED, NOT_EMS_BLEEDING, POSTPARTUM, STAB_WOUND } from "./chat_txa_bleeding_words.ts";

/** What a shot that is an injection is said with: what was given ("flu shot in clinic"), never an article ("a shot"). */
const INJECTION_SHOTS =
  "flu|vaccine|vaccination|immunization|covid|booster|tdap|tetanus|shingles|pneumonia|b12|" +
  "b-12|vitamin|insulin|allergy|cortisone|kenalog|steroid|toradol|depo|testosterone|lovenox|penicillin|rocephin|" +
  "antibiotic|epi[\\s-]?pen";

/**
 * A drug given as a shot into an injection site ("got narcan shot in the thigh then went pulseless" had been held as a
 * gunshot arrest): only after a word of giving, never "pt on ketamine shot in the leg by police" (the eighth read, H2),
 * nor at another site ("pt had ketamine shot in the chest by pd": the sixth, H14).
 */
const DRUG_SHOT_AT_INJECTION_SITE =
  "(?<=\\b(?:got|gave|given|received|had|his|her|their|an?|the)\\s+(?:epi|epinephrine|adrenaline|auvi-?q|narcan|" +
  "naloxone|glucagon|haldol|geodon|versed|ketamine|solu-?medrol|ceftriaxone|ozempic|invega|abilify)\\s+)" +
  "shot\\s+in(?:to)?\\s+(?:the\\s+|his\\s+|her\\s+)?(?:(?:left|right|l|r|upper|outer|lateral)\\s+)*" +
  "(?:thigh|arm|deltoid|glute\\w*|butt\\w*|hip|shoulder|leg)\\b";
/** A penetrating wound, as medics write it. */
const PENETRATING_WORDS = "gsw|gun\\s*shot(?:\\s+wounds?)?|(?:was|been|got)\\s+shot|" +
  // never an injection's ("got his flu shot in clinic then went pulseless", "epipen shot into thigh": Stop 54's
  // gate reads); "a shot to the chest", "shot tonight", "shot into the chest" are gunshots (the third read, H1)
  `(?<!\\b(?:${INJECTION_SHOTS})\\s+)(?!${DRUG_SHOT_AT_INJECTION_SITE})shot\\s+(?:in|to|multiple|twice|x)|` +
  `${STAB_WOUND}(?:\\s+wounds?)?|penetrating\\s+trauma`;
/**
 * A wound of now: never a healed or remote one. Never "old" before it, an age as often ("17 year old gsw to chest":
 * Stop 55's first gate read, H1); never a scar after it, where a fresh wound may be ("gsw to chest scar, pulseless",
 * "gsw scar reopened and bleeding": the eighth read, H1).
 */
const PENETRATING = `(?<!\\b(?:healed|remote)\\s+)(?:${PENETRATING_WORDS})`;
/** A mechanism of major trauma: a penetrating wound, or a major blunt mechanism. */
const MECHANISM_WORDS = `${PENETRATING}|` +
  // crashes, falls from a height; crushed, pinned, run over, struck by a falling weight (nineteenth read, P1: TP 1243)
  MAJOR_BLUNT_WORDS;
/**
 * Days or more before, the mechanism is not this arrest's ("mvc last week", "mvc 3 days ago"; seventeenth read, H1;
 * "pt was ran over and left paraplegic years ago": Stop 54's third gate read, M1). Never "not long ago", "in the past
 * hour" or "in 2000 block": a fifth read found those releasing fresh traumatic arrests.
 */
const LONG_BEFORE = "(?![^,.;?!\\n]{0,25}?\\b(?:(?:\\d+|a|one|two|three|few|several|couple(?:\\s+of)?)\\s*" +
  "(?:days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\\s+(?:ago|before|prior|earlier)|last\\s+(?:week|month|year)|" +
  "yesterday|days\\s+ago|weeks\\s+ago|months\\s+ago|years\\s+(?:ago|back)|decades?\\s+ago|" +
  // a year or "in the past" that ends its clause ("dragged in 2015, now pulseless"), never "in 2000 block", "in 2019
  // toyota" or "in the past hour"; never "before" or "when he was ...": "10 min before", "when she was 8 months
  // pregnant" released fresh traumatic arrests (Stop 54's seventh gate read, H1)
  "(?:in\\s+(?:19|20)\\d\\d|in\\s+the\\s+past)(?=\\s*(?:[,.;!?\\n]|$))))";
const MECHANISM = `(?:${MECHANISM_WORDS})${LONG_BEFORE}`;
/** The patient without a pulse, as medics write it. */
export const ARRESTED =
  `pulseless|no\\s+pulses?|cpr|(?:cardiac\\s+)?${ARREST_NOT_CUSTODY}|asystole|asystolic|${PEA_RHYTHM}|` +
  // beside a mechanism, "coded" is the arrest too ("multiple gsw, coding, epi" had been given 1 mg: Stop 55)
  "coded|coding|code\\s+blue";

/** Where a wound of the arrest is: the trunk, neck or head ("x2 to the left chest", "in the abdomen"). */
const AT_SITE =
  "(?:\\s*x\\s*\\d)?\\s+(?:to|in|into)\\s+(?:the\\s+|his\\s+|her\\s+)?(?:(?:left|right|l|r|upper|lower|mid)\\s+)?" +
  "(?:chest|abd\\w*|neck|head|back|torso|trunk|flank|heart|face|belly|stomach)";
/** A firearm named after "with": "a rifle", "his glock", "a .45", "an ar-15". */
const FIREARM =
  "(?:(?:his|her|an?|the)\\s+)?(?:gun|rifle|pistol|shotgun|handgun|firearm|revolver|ar|ak|glock|\\.?\\d)\\w*\\b";

/** Words after an arrest-first wound that make it not the arrest's (the second and third reads' D-H2, B-H2 … B-H11). */
const NOT_THE_ARRESTS_WOUND = [
  // old: a scar, a history, a date, an old injury's care
  "remote|healed|old|scars?|ago|back|previously|prior|years?|yrs?|months?|weeks?|wks?|hx|history|past|(?:19|20)\\d\\d|" +
  "\\d0s|when|age|teen\\w*|kid|child|childhood|youth|gang|iraq|afghanistan|war|army|military|deploy\\w*|para\\w*|" +
  "quad\\w*|trach|vent|peg|g-tube|snf|discharged|surgery|post\\s*op|ex\\s*lap|laparotomy|colostomy|ostomy|s\\/p|" +
  "wheelchair|bedbound|bed\\s*bound|hemipleg\\w*|residual|deficits?|retained|healing|sutured|younger|decades?|" +
  "trached|vietnam|korea",
  // doubted or only told
  "unlikely|negative|unconfirmed|not\\s+(?:confirmed|seen)|possible|suspected\\s+but|(?:the|a)\\s+suspect|dispatch|caller|reported|" +
  "per\\s+(?:pd|police|family|bystanders?|witness\\w*)|found|none|vs",
  // slight, or of a limb
  "superficial|minor|graze[sd]?|legs?|arms?|forearms?|wrists?|hands?|fingers?|thighs?|extremit\\w*|foot|feet",
  // another's
  "others?|victims?|bystanders?|pts|second|uninjured|no\\s+(?:trauma|injur\\w*|wounds?)|area|mci|is\\s+the|was\\s+the|" +
  "pt\\s*\\d|patient\\s*\\d|husband|wife|son|daughter|brother|sister|mother|father|friend|grandson|granddaughter|" +
  "grandmother|grandfather|neighbou?r|roommate|coworker|boyfriend|girlfriend",
  // not a weapon's wound: an injection, a sting, a pain, a ball, a less-lethal round
  "needle|syringe|pen|bee|stingray|insulin|lovenox|heparin|enoxaparin|ozempic|semaglutide|inject\\w*|trulicity|" +
  "mounjaro|wegovy|fragmin|humira|lantus|victoza|novolog|humalog|basaglar|zepbound|b12|testosterone|feeling|" +
  "sensation|pain|\\w*ball\\w*|puck|commotio|pellets?|bb|nerf|dart|taser|tazer|stun|bean\\s*bag|" +
  // a shot with anything but a firearm ("…, shot with his insulin"), never "shot with a rifle"
  `\\w*shot\\s+with\\s+(?!${FIREARM})|` +
  "rubber|less[\\s-]*lethal",
];

/**
 * The arrest said first, then at once a penetrating wound of the trunk, neck or head, or several wounds ("pulseless,
 * gsw to chest", "cpr in progress, multiple gsw", "asystole, stab wound to neck"): nothing between but the patient,
 * and nothing after it in the message that makes the wound old, doubtful, slight or another's. Narrow on purpose: a
 * wound anywhere after an arrest held medical arrests beside another victim's, an injection's, a scar's (Stop 57's
 * reads).
 */
const WOUND_OF_THE_ARREST =
  // never a past or a feared arrest ("pmh: mi, cardiac arrest, gsw to abd", "about to arrest, gsw to chest")
  "(?<!\\b(?:pmh|hx|history|h\\/o|previous|prior|past|old)\\b[^.;\\n]{0,30})" +
  "(?<!\\b(?:about\\s+to|going\\s+to|near|nearly|almost|peri|pre|impending|imminent|respiratory|resp)[\\s-]*)" +
  `(?:${ARRESTED})(?:\\s+(?:in\\s+progress|ongoing|underway|started|initiated|now|pt|patient|on\\s+arrival))?\\s*[,:;-]?` +
  "\\s*(?:(?:pt|patient)\\s+(?:has\\s+|with\\s+|was\\s+)?)?(?:(?:(?:multiple|several|two|three|[2-9])\\s+)?" +
  `(?:gsw|gun\\s*shot\\s+wounds?|stab\\s+wounds?|stabbed)${AT_SITE}|` +
  // a shot "with" anything but a firearm is an injection's ("shot in the belly with novolog": the fifth read, H9);
  // never a stab's or a gunshot wound's ("stabbed in the chest with a knife": the sixth read, P1)
  `shot${AT_SITE}(?!\\s+with\\s+(?!${FIREARM}))|` +
  "(?:multiple|several|[2-9])\\s+(?:gsws?|gun\\s*shot\\s+wounds|stab\\s+wounds))" +
  // nothing after it in the message that makes the wound old, doubted, slight, another's, a limb's or no wound
  `(?![^,.;\\n]*\\?)(?![\\s\\S]*\\b(?:${NOT_THE_ARRESTS_WOUND.join("|")})\\b)`;

/**
 * A traumatic arrest by name, or a mechanism and an arrest in one clause ("gsw chest pulseless"), or the arrest said
 * first: caused by a mechanism ("pulseless after being stabbed"), or with its wound (WOUND_OF_THE_ARREST). These had
 * been given 1 mg IV/IO (Stop 55's reads; TP 1243). A blunt mechanism after an arrest may have followed it (a driver
 * who arrested, then crashed), so only a causal word joins those. Not across messages: a mechanism said in an older
 * message held medical arrests beside old injuries, stabbing pains, injections and crashes after a collapse (Stop
 * 57's second read).
 */
export const TRAUMATIC_ARREST: readonly RegExp[] = [
  re(
    "(?<!non[\\s-]?)(?:trauma(?:tic)?\\s+(?:cardiac\\s+)?(?:arrest|code|cpr)|traumatic\\s+(?:full\\s+)?arrest)",
  ),
  re(`(?:${MECHANISM})(?:[^.;?!\\n]{0,40}?)(?:${ARRESTED})`),
  re(
    `(?:${ARRESTED})(?:[^,.;?!\\n]{0,25}?)(?:after|from|following|due\\s+to|s\\/p|secondary\\s+to)\\s+` +
      `(?:(?:being|having\\s+been)\\s+)?(?:a\\s+|an\\s+)?(?:${MECHANISM})`,
  ),
  re(WOUND_OF_THE_ARREST),
];

/** The traumatic arrest's patterns as one (the TXA CPR hold's onlyWith; the medical-arrest note, chat_context_notes.ts). */
export const TRAUMATIC_ARREST_SAID = new RegExp(
  TRAUMATIC_ARREST.map((p) => `(?:${p.source})`).join("|"),
  "i",
);

const TP_1243_STEPS =
  "TP 1243 / TP 1243-P give no drug for it: control bleeding (tourniquet, MCG 1370), airway, " +
  "compressions, bilateral needle thoracostomy (MCG 1335), defibrillation for VF/VT, normal saline 2 L IV/IO " +
  "through two sites (child: 20 mL/kg, twice), rapid transport; Ref. 814 for determination of death. If the arrest is " +
  "medical (not caused by the injury), say 'medical arrest' for TP 1210.";

/**
 * A submersion said: TP 1243 note 4 manages an arrest with a submersion mechanism as a medical one, so "jumped off a
 * bridge, drowning, pulseless" is TP 1210's (twentieth read, M4: the jump is read now); never "no drowning".
 */
const SUBMERSION = re(
  "drown\\w*|submersion|submerged|" +
    "(?:pulled|rescued)\\s+(?:from|out\\s+of)\\s+(?:the\\s+)?water|found\\s+in\\s+(?:the\\s+)?water",
);
/** A submersion said plainly: never "no evidence of drowning", "denies drowning" (chat_said_plainly.ts). */
const SUBMERSION_SAID = { test: (text: string) => saidPlainly(text, SUBMERSION) };

const trauma = (drug: string, card: string): Contraindication => ({
  id: "traumatic-arrest",
  names: TRAUMATIC_ARREST,
  // "medical arrest after mvc", "likely medical", a medical event before the crash (TP 1244 note 4): the message,
  // or a newer one, makes the arrest medical wherever it is said in it (seventeenth read, H1)
  endedBy: { test: (text: string) => arrestSaidMedical(text) !== undefined || SUBMERSION_SAID.test(text) },
  indications: ["cardiac-arrest"],
  why:
    `the ${drug} card gives it in non-traumatic cardiac arrest only (${card}); a traumatic arrest is treated ` +
    "per TP 1243 / TP 1243-P, not TP 1210",
  instead: TP_1243_STEPS,
});

/** A number of hours over 3 ("4", "3.5", "12"), or "more than 3". */
const OVER_3 =
  "(?:(?:[4-9]|[1-9]\\d)(?:\\.\\d+)?|3\\.\\d*[1-9]|(?:>|more\\s+than|over|greater\\s+than)\\s*3)";
const HOURS = "(?:hours?|hrs?|h)(?!\\s*\\d)"; // never "80 hr 120" (a heart rate)
// "stab wound 4 hrs ago", "stabbing 4 hrs ago" as "stabbed" (Stop 54's second gate read, P2)
const EVENT = `injur\\w*|hurt|accident|mvc|mva|crash\\w*|fall|fell|shot|${STAB_WOUND}|gsw|assault\\w*|` +
  "deliver\\w*|birth|gave\\s+birth|born|happened|occurred|incident|entrap\\w*|trapped|pinned|extricat\\w*|" +
  BLUNT_MECHANISM_WORDS; // "run over by truck 4 hrs ago", "crushed by forklift 4 hrs ago" (nineteenth read, P1)
/**
 * Between the event and its hours, only words that count time from it ("injured 4 hrs", "happened about 4 hours
 * ago"), never other words: "crashed after driving 6 hours", "shot of tequila 4 hours" (seventeenth read, H4).
 */
const BETWEEN =
  "was|were|is|been|has|had|about|approx\\w*|around|roughly|almost|nearly|at\\s+least|since|after|ago|time";
/** A time over 3 hours since the injury or delivery ("injured 4 hrs ago", "4 hrs entrapment", "5 hrs postpartum"). */
const PAST_3_HOURS = [
  re(`(?:${EVENT})(?:\\s+(?:${BETWEEN}))*\\s+(?:for\\s+|x\\s*)?${OVER_3}\\s*${HOURS}`),
  re(
    `${OVER_3}\\s*${HOURS}(?:\\s+(?:of|since|after|post|ago|from))?[\\s-]*(?:the\\s+)?` +
      "(?:injur\\w*|accident|crash|deliver\\w*|birth|post[\\s-]?partum|pp|entrap\\w*|extricat\\w*|trapped|pinned)",
  ),
  // other words between, where the hours end in "ago": "fell off roof about 4 hours ago", "mvc ~4 hrs ago"
  // (eighteenth read, H1); never "2.5 hours ago" read as "5 hours ago"
  re(`(?:${EVENT})[^,.;?!\\n]{0,30}?(?<![\\d.])${OVER_3}\\s*${HOURS}\\s+ago`),
];
/** The injury "last night" or "yesterday": most likely past 3 hours; the medic can say the time if not. */
const LAST_NIGHT = re(`(?:${EVENT})[^,.;?!\\n]{0,20}?\\b(?:last\\s+night|yesterday)`);
/** A number of minutes over 5 ("10", "6"), or "more than 5". */
const OVER_5 = "(?:[6-9]|[1-9]\\d+|(?:>|more\\s+than|over|greater\\s+than)\\s*5)";
const MINUTES = "(?:minutes?|mins?|m)";
/** CPR (or the arrest) over 5 minutes ("cpr 10 min", "10 min of cpr", "down 8 minutes"). */
const CPR_OVER_5 = [
  re(
    `(?:cpr|compressions|pulseless|arrest|down(?:\\s*time)?)(?:\\s+(?:in\\s+progress|for|x|about|~))*\\s*` +
      `${OVER_5}\\s*${MINUTES}`,
  ),
  re(`${OVER_5}\\s*${MINUTES}\\s+(?:of\\s+)?(?:cpr|compressions|down\\s*time|downtime|pulseless)`),
];

/** No injury but the one named: "no other injuries (found)", "denies any other trauma", "nothing else". */
const NOTHING_ELSE = "\\b(?:(?:no|denies|without|w\\/o)\\s+(?:any\\s+)?other\\s+" +
  "(?:(?:obvious|apparent|visible|signs?\\s+of)\\s+)?(?:injur\\w*|trauma|wounds?)|nothing\\s+else)";

const TXA_INSTEAD =
  "control bleeding per MCG 1370 (pressure, hemostatic dressing, tourniquet) and treat per TP 1244 " +
  "or TP 1217; contact base.";

export const EPINEPHRINE_TRAUMA: readonly Contraindication[] = [trauma("epinephrine", "MCG 1317.17")];
export const AMIODARONE_TRAUMA: readonly Contraindication[] = [trauma("amiodarone", "MCG 1317.5")];

export const TXA_CONTRAINDICATIONS: readonly Contraindication[] = [
  {
    id: "past-3-hours",
    names: PAST_3_HOURS,
    why:
      "TXA is contraindicated more than 3 hours after the injury or delivery (MCG 1317.41; TP 1244 step 16; " +
      "TP 1217)",
    instead: TXA_INSTEAD,
  },
  {
    id: "past-3-hours",
    names: [LAST_NIGHT],
    why:
      "an injury last night or yesterday is most likely more than 3 hours ago, and TXA is contraindicated more than " +
      "3 hours after the injury or delivery (MCG 1317.41; TP 1244 step 16)",
    instead: "if the injury was within 3 hours, say how long ago; otherwise " + TXA_INSTEAD,
  },
  // a nosebleed, GI bleed, menstrual or dental bleeding with no injury named: not an EMS indication (eighteenth read,
  // H1); with an injury named, TP 1244's criteria decide (chat_txa_criteria.ts)
  {
    id: "not-ems-bleeding",
    names: [NOT_EMS_BLEEDING],
    notWith: new RegExp(`${INJURY_NAMED.source}|${POSTPARTUM.source}`, "i"),
    why:
      "MCG 1317.41 gives TXA only within 3 hours of a traumatic injury or for post-partum hemorrhage; nosebleed, " +
      "dental, surgical, menstrual, GI and other non-traumatic bleeding are not EMS indications",
    instead:
      "control the bleeding (direct pressure) and treat per the protocol for the complaint; if the bleeding is from " +
      "an injury, say what the injury was; contact base.",
  },
  {
    id: "isolated-tbi",
    names: [
      re(
        `isolated\\s+(?:closed\\s+)?(?:${BRAIN_INJURY_NAMES})|(?:${BRAIN_INJURY_NAMES})\\s+only`,
      ),
    ],
    why: "TXA is contraindicated in an isolated traumatic brain injury (MCG 1317.41)",
    instead: "treat the head injury per TP 1244; contact base.",
  },
  // "only a head injury", but not "the only head injury was a small lac" beside another injury (seventeenth read, L1)
  {
    id: "isolated-tbi",
    names: [re(`only\\s+(?:a\\s+)?(?:${BRAIN_INJURY_NAMES})(?!\\s+(?:was|is|were|being))`)],
    // another injury named beside it ("pelvis unstable", "hip fracture") makes it no isolated TBI (seventeenth read,
    // L1): read as saline's multi-system patient is (chat_other_injuries.ts; TP 1244 step 15)
    notWith: { test: otherInjuryNamed },
    why: "TXA is contraindicated in an isolated traumatic brain injury (MCG 1317.41)",
    instead: "treat the head injury per TP 1244; contact base.",
  },
  // the head injury said to be all there is: "head injury, no other injuries", "tbi, nothing else" (twentieth read,
  // H5a); another injury named beside it still makes it no isolated TBI
  {
    id: "isolated-tbi",
    names: [re(`(?:${BRAIN_INJURY_NAMES})[^.;?!\\n]{0,40}?${NOTHING_ELSE}`)],
    notWith: { test: otherInjuryNamed },
    why: "TXA is contraindicated in an isolated traumatic brain injury (MCG 1317.41)",
    instead: "treat the head injury per TP 1244; contact base.",
  },
  {
    id: "traumatic-arrest-cpr-over-5-min",
    names: CPR_OVER_5,
    onlyWith: TRAUMATIC_ARREST_SAID,
    why: "TXA is contraindicated in a traumatic arrest with CPR over 5 minutes (MCG 1317.41)",
    instead: TP_1243_STEPS,
  },
  // MCG 1317.41 says "active known thrombotic disease": a DVT or PE now, or one on treatment now ("dvt on eliquis");
  // a history alone ("hx of dvt", "prior pe") is not active and holds nothing.
  {
    id: "thrombotic-disease",
    names: [re(THROMBOSIS_NAMED)],
    // "dvt 10 years ago resolved" is not active (nineteenth read, among its others)
    notNow: THROMBOSIS_OVER,
    why: "TXA is contraindicated in active known thrombotic disease, such as a DVT or PE (MCG 1317.41)",
    instead: TXA_INSTEAD,
  },
  {
    id: "thrombosis-treated",
    names: [
      re(
        `(?:${CLOT_TREATED})[^,.;?!\\n]{0,20}?\\bon\\s+(?:${ANTICOAGULANTS})|` +
          `on\\s+(?:${ANTICOAGULANTS})\\s+for\\s+(?:a\\s+|his\\s+|her\\s+)?(?:${CLOT_TREATED})`,
      ),
      // "currently being treated for pe" (twentieth read, H3)
      re(THROMBOSIS_BEING_TREATED),
    ],
    history: true,
    why:
      "TXA is contraindicated in active known thrombotic disease (MCG 1317.41): a DVT or PE treated now is active",
    instead: TXA_INSTEAD,
  },
];
