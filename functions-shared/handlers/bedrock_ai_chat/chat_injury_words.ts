/**
 * How a medic says an injury that decides a drug's indication, with no I/O (medical director's sixteenth read, H3,
 * H5, M4): the mechanism of a trauma, a crush said beside the ECG signs of
 * hyperkalaemia ("peaked T waves", "hyperk"), as spoken forms (chat_indication_patterns.ts), and the rule that
 * turns them into the protocol's indication (injuryRuled, from chat_indication_rules.ts).
 */
import { deniedAt, saidInDoubt } from "./chat_denials.ts";
import { saidPlainly } from "./chat_said_plainly.ts";
import { STRUCK_MECHANISMS } from "./chat_blunt_mechanisms.ts";
import { wordPattern } from "./chat_names.ts";
import type { Named } from "./chat_denials.ts";
import { BRAIN_INJURY } from "./chat_head_injury_words.ts";
import { ASK_WHICH, causeOutranking, CAUSES_NAMED } from "./chat_mechanism_outranked.ts";
import { atRiskOfCrushSyndrome } from "./chat_crush_at_risk.ts";

/**
 * A crush said in other words. A bare "crushed" or "pinned" is not read: they also say crushed tablets, a chest
 * that "feels crushed", "pupils pinned" and a patient "pinned to the bed", which chat_crush_hyperkalemia.test.ts
 * keeps unread (a crush read from free text doses a child wrongly: medical director's second read).
 */
const CRUSH_WORDS = ["crush injuries"];

/** What a fall is from when it is a mechanism of injury (TP 1244). */
const HEIGHTS = [
  "height",
  "a height",
  "ladder",
  "a ladder",
  "roof",
  "a roof",
  "the roof",
  "balcony",
  "a balcony",
];

/**
 * A crush said by what pins or crushes a body part (medical director's sixteenth read, M4: "pinned under car 2 hrs
 * legs crushed" asked which indication). Read for an adult only: a child's crush from free text stays asked
 * (crushWordsFor). "entrapment" is also albuterol's crush-syndrome-risk alias, which is listed first and so wins.
 * Narrower than chat_blunt_mechanisms.ts's CRUSHED_MECHANISMS on purpose: these words choose calcium and
 * bicarbonate's crush rows (TP 1242), which chat_crush_hyperkalemia.test.ts keeps row by row.
 */
const CRUSH_IN_CONTEXT = [
  "pinned under",
  "trapped under",
  "crushed under",
  "entrapped",
  "entrapment",
  ...["leg", "legs", "arm", "arms", "pelvis", "foot", "feet", "hand", "hands", "limb", "limbs"].flatMap((
    part,
  ) => [
    `${part} crushed`,
    `crushed ${part}`,
  ]),
];
const IN_CONTEXT_SOURCES = new Set(CRUSH_IN_CONTEXT.map((w) => wordPattern(w).source));
const IN_CONTEXT_SAID = new RegExp(CRUSH_IN_CONTEXT.map((w) => wordPattern(w).source).join("|"), "gi");

/**
 * The indications' patterns for this patient (`texts`: their messages): without the crush said in context
 * (CRUSH_IN_CONTEXT) for a child, or where hyperkalaemia or its signs are denied or doubted ("crushed leg,
 * hyperkalemia ruled out" stays asked: a crush injury's calcium is TP 1242 step 10's, for hyperkalaemia); without
 * the release words where TP 1242 note 1's risk of crush syndrome is not said (chat_crush_at_risk.ts).
 */
export function crushWordsFor<T extends { readonly id: string; readonly patterns: RegExp[] }>(
  indications: readonly T[],
  child: boolean,
  texts: readonly string[],
) {
  const inContext = child || texts.some(hyperkalemiaDenied);
  const release = atRiskOfCrushSyndrome(texts);
  if (!inContext && release) return indications;
  return indications.map((i) => ({
    ...i,
    patterns: i.patterns.filter((p) =>
      !(inContext && IN_CONTEXT_SOURCES.has(p.source)) &&
      !(!release && RELEASE_READ_BY.has(i.id) && RELEASE_SOURCES.has(p.source))
    ),
  }));
}

/**
 * The mechanism of a trauma: TP 1244 treats these injuries (step 15: NS 250 mL for poor perfusion, then base).
 * "fell" alone is not one ("bp fell to 70").
 */
const TRAUMA_MECHANISMS = [
  "gsw",
  "gsws",
  "gunshot",
  "gunshot wound",
  "stabbed",
  "stab wound",
  "stab wounds",
  "stabbing",
  "mvc",
  "mva",
  "motor vehicle collision",
  "motor vehicle accident",
  "motorcycle collision",
  "motorcycle accident",
  "ped struck",
  "pedestrian struck",
  "pedestrian vs auto",
  "auto vs ped",
  "hit by car",
  "hit by a car",
  "struck by a car",
  "ejected",
  // A fall from a height only: "ground level fall", "fall from bed" or "from standing" are not this hypotension's
  // mechanism (TP 1244 note 4: an unexplained fall may be medical; 17th read, H3).
  ...["fall from", "fell from", "fell off"].flatMap((verb) => HEIGHTS.map((place) => `${verb} ${place}`)),
  "blunt trauma",
  "penetrating trauma",
  "penetrating injury",
  "assaulted",
  // run over, struck by a falling weight, a fall from a scaffold (nineteenth read, P1). Not the crush words
  // ("crushed by", "pinned under"): a crush is TP 1242's, whose saline differs, so those stay asked here.
  ...STRUCK_MECHANISMS,
];

/**
 * Just before the patient is freed: TP 1242 step 14 gives calcium, bicarbonate and albuterol 5 minutes before
 * extrication, and note 7 says before the release of the compressive force, so a release counts as an extrication
 * (medical director's nineteenth read, M4: "about to extricate, calcium" and "before release, bicarb" were asked).
 * Never after it ("extricated 1 hr ago", "after release": step 10's ECG signs decide then).
 */
const BEFORE_RELEASE = [
  "pre extrication",
  "pre release",
  ...["before", "prior to", "just before", "just prior to"].flatMap((when) =>
    ["extrication", "extricating", "being extricated", "release", "releasing", "being released"].map((what) =>
      `${when} ${what}`
    )
  ),
  ...["about to", "going to", "ready to"].flatMap((when) =>
    ["extricate", "be extricated", "release", "be released"].map((what) => `${when} ${what}`)
  ),
  // Still entrapped, so still before the release (twentieth read, M5: "legs crushed 2 hrs, not yet released").
  ...["released", "extricated", "freed"].flatMap((what) => [`not yet ${what}`, `not ${what} yet`]),
];
/** A release still minutes away: "release in 5 min", "extrication in 10 minutes" (twentieth read, M5). */
const RELEASE_SOON =
  /(?<![\w-])(?:release|releasing|extrication|extricating|extricate)\s+in\s+\d+\s*(?:min|mins|minutes)(?![\w-])/i;
/** The release words' pattern sources, which only a patient at risk of crush syndrome is read by (TP 1242 note 1). */
const RELEASE_PATTERN_SOURCES = [...BEFORE_RELEASE.map((w) => wordPattern(w).source), RELEASE_SOON.source];
const RELEASE_SOURCES = new Set(RELEASE_PATTERN_SOURCES);
const RELEASE_SAID = new RegExp(RELEASE_PATTERN_SOURCES.join("|"), "gi");
/** The indications the release words name: crush-syndrome-risk (step 14) and saline's crush row (step 7). */
const RELEASE_READ_BY = new Set(["crush-syndrome-risk", "crush"]);

export const INJURY_SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  "crush-injury": [...CRUSH_WORDS, ...CRUSH_IN_CONTEXT], // calcium chloride, sodium bicarbonate, albuterol (TP 1242)
  // normal saline: TP 1242 step 7 gives its 1 L as soon as possible and before the release (nineteenth read, M4)
  crush: [...CRUSH_WORDS, ...BEFORE_RELEASE],
  "crush-syndrome-risk": BEFORE_RELEASE,
  "trauma-hypotension": TRAUMA_MECHANISMS,
  // TP 1244 step 27's 1 L, said without "injury" ("gsw leg, isolated extremity"; eighteenth read, H2).
  "extremity-injury": ["isolated extremity", "isolated extremity trauma"],
};

/**
 * Indications read from a pattern rather than phrases: saline's head injury by the names of a possible TBI
 * (TP 1244 note 6: "concussion", "skull fx", "gsw to the head"), the list TXA's isolated-TBI hold reads too.
 */
export const INJURY_PATTERNS: Readonly<Record<string, readonly RegExp[]>> = {
  "head-injury": [BRAIN_INJURY],
  "crush-syndrome-risk": [RELEASE_SOON],
  crush: [RELEASE_SOON],
};

const CRUSH_SAID = /(?<![\w-])crush(?:\s+injur(?:y|ies))?(?![\w-])/gi;
/**
 * The ECG signs of hyperkalaemia TP 1242 step 10 names (peaked T waves, a widened QRS, absent P waves) and their
 * usual shorthand ("sine wave", "hyperkalemia on ecg"): the nineteenth read found a widened QRS asked, not dosed.
 */
const SIGNS_SAID = new RegExp(
  "(?<![\\w-])(?:peaked[\\s-]*t(?:[\\s-]*waves?|'?s)?|(?:wide|widened|widening)[\\s-]+qrs|" +
    "qrs[\\s-]+(?:is\\s+)?(?:wide|widened|widening)|(?:absent|no|lost|loss\\s+of)[\\s-]+p[\\s-]*waves?|" +
    "sine[\\s-]*waves?|hyperk\\w*\\s+on\\s+(?:the\\s+)?(?:ecg|ekg|monitor|12[\\s-]*lead))(?![\\w-])",
  "gi",
);
/** For an adult the word hyperkalaemia also refines a crush to TP 1242 step 10 (its own row for an adult). */
const HYPERKALEMIA_SAID = /(?<![\w-])(?:hyperk|hyperkal[ae]+mia)(?![\w-])/gi;

/** The signs and the word, for saidInDoubt (which wants patterns without the global flag), made once. */
const HYPERKALEMIA_WORDS = [SIGNS_SAID, HYPERKALEMIA_SAID].map((p) => new RegExp(p.source, "i"));

/** True when `text` denies or doubts hyperkalaemia or its ECG signs ("no peaked t waves", "hyperkalemia?"). */
function hyperkalemiaDenied(text: string): boolean {
  const said = [SIGNS_SAID, HYPERKALEMIA_SAID].flatMap((p) => [...text.matchAll(p)]);
  return said.some((m) => deniedAt(text, m.index, m.index + m[0].length)) ||
    saidInDoubt(text, HYPERKALEMIA_WORDS);
}

/**
 * True when an adult's crush-injury is read only from words said in context ("entrapped", "pinned under", "hand
 * crushed"), after the ECG signs and an extrication have refined it: TP 1242 gives calcium and bicarbonate only
 * for ECG signs of hyperkalaemia (step 10) or just before extricating a patient at risk of crush syndrome (step
 * 14), none otherwise (step 12), so the chat asks (medical director's eighteenth read, H4: "entrapped in vehicle
 * 20 min, no crush" had been given calcium 1 g). Also when a release is said but was not read, the risk of note 1
 * being unsaid ("adult, crush injury, calcium before extrication": twentieth read, H1), so no repeat is given.
 */
export function crushOnlyInContext(
  medicationId: string,
  found: string | undefined,
  text: string,
  child: boolean,
): boolean {
  // Albuterol's crush-injury row asks already; with no indication it would fall to its wheezing dose.
  return CRUSH_CONTEXT_ASKED.has(medicationId) && !child && found === "crush-injury" &&
    (!saidPlainly(text, CRUSH_SAID) || saidPlainly(text, RELEASE_SAID));
}
const CRUSH_CONTEXT_ASKED = new Set(["calcium-chloride", "sodium-bicarbonate"]);

/**
 * The indication `found` after the injury rules: `text` is the message as chat_indications.ts reads it (names said
 * only as history or denied are blanked).
 * - A crush with ECG signs of hyperkalaemia is TP 1242 step 10 (TP 1242-P step 10 for a child): crush-hyperkalemia,
 *   for calcium chloride, sodium bicarbonate and albuterol alike, unless the signs are doubted ("peaked t?") or an
 *   extrication is said too (two choices: asked).
 * - Normal saline asked as a "fluid bolus" for a trauma patient is TP 1244 step 15's 250 mL then base, never the
 *   medical 1 L row; a trauma patient in arrest is TP 1243's (TP 1244 step 3). Where another cause and another
 *   injury are both named, it is asked (undefined: chat_mechanism_outranked.ts).
 */
export function injuryRuled(
  medicationId: string,
  indications: readonly Named[],
  text: string,
  found: string,
  child: boolean,
): string | undefined {
  const has = (id: string) => indications.some((i) => i.id === id);
  const saidAs = (id: string) =>
    indications.find((i) => i.id === id)?.patterns.some((p) => p.test(text)) ?? false;
  // Adults only: a child's crush from free text stays asked ("her crush", chat_crush_hyperkalemia.test.ts).
  if (!child && has("crush-hyperkalemia") && (found === "crush-injury" || found === "hyperkalemia")) {
    const signs = saidPlainly(text, SIGNS_SAID) || saidPlainly(text, HYPERKALEMIA_SAID);
    const doubted = saidInDoubt(text, HYPERKALEMIA_WORDS);
    // A crush said in context needs the ECG signs themselves: "hyperkalemia, pinned under a car" stays TP 1212's.
    const crush = saidPlainly(text, CRUSH_SAID) ||
      saidPlainly(text, SIGNS_SAID) && saidPlainly(text, IN_CONTEXT_SAID);
    if (signs && !doubted && crush && !saidAs("crush-syndrome-risk")) {
      return "crush-hyperkalemia";
    }
  }
  if (medicationId === "normal-saline") {
    if (found === "trauma-hypotension" && saidAs("cardiac-arrest")) return "traumatic-arrest";
    // A cause named beside a mechanism outranks it (TP 1244 steps 12, 21; 17th read, H3).
    // A head injury is weighed against other injuries named with or without a mechanism (18th read, H2).
    const trauma = found === "trauma-hypotension" || found === "head-injury" ||
      ((found === "fluid-bolus" || CAUSES_NAMED.includes(found)) && saidAs("trauma-hypotension"));
    if (!trauma) return found;
    const cause = causeOutranking(indications, text);
    return cause === ASK_WHICH ? undefined : cause ?? "trauma-hypotension";
  }
  return found;
}
