/**
 * Whose pain and when, for a pain score read by chat_pain_scores.ts, with no I/O. MCG 1345 guideline 6 treats the
 * patient's pain now by its severity; guideline 5 reassesses that same pain. The medical director's thirteenth read
 * (H2) found the last "N/10" in a message taken as the score now when it was another site's ("femur fx pain 8/10,
 * headache 2/10"), another time's ("3/10 yesterday"), the patient's baseline or usual ("usual pain is 3/10",
 * "baseline 4/10"), or a denial of another pain ("kidney stone 8/10 cp 0/10"). This module names a score's body
 * region and says whether the score is tied to a time before this call. The fourteenth read (H6) found two parts of
 * one region ("hip pain 9/10 knee 2/10"), movement and rest, and "now 3/10 was 9/10" read as one pain's newest score:
 * it also names the part, the condition and the score's mark in this call's time, and which readings are one pain.
 */

/**
 * A body region a pain is said of, the part of it named ("knee", "flank"; the region's own word, "leg", names no
 * part), and its side where one is said ("left leg").
 */
export interface PainSite {
  readonly region: string;
  readonly part: string;
  readonly side?: "left" | "right";
}

/**
 * By region, its parts and the words that name each (whole words; "head" only as a pain, not "hit head"). A part
 * named as its region ("leg", "arm", "chest") is the whole region. Fourteenth read, H6: "hip pain 9/10 knee 2/10"
 * and "flank pain 9/10, abd 2/10" are two pains of one region, not the same pain reassessed.
 */
const REGIONS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  ["head", [
    ["headache", "headaches?|migraines?|ha|h\\/a|head(?=\\s+(?:pain|hurts|ache))"],
    ["face", "face|facial|jaw|tooth|teeth|dental"],
    ["ear", "ears?"],
    ["eye", "eyes?"],
  ]],
  ["neck", [["neck", "neck|cervical|throat"]]],
  ["chest", [["chest", "chest|cp|c\\/p|ribs?|sternum|sternal|angina"]]],
  ["abdomen", [
    ["belly", "abd|abdomen|abdominal|belly|stomach"],
    ["epigastrium", "epigastric|epigastrium"],
    ["ruq", "ruq"],
    ["luq", "luq"],
    ["rlq", "rlq|appendicitis"],
    ["llq", "llq"],
    ["flank", "flank|kidney|renal|stones?"],
    ["pelvis", "pelvis|pelvic"],
    ["groin", "groin|testicular"],
  ]],
  // "back" alone may be a return ("pain back up to 8/10")
  ["back", [[
    "back",
    "back(?=\\s+(?:pain|hurts|ache|spasms?|injury|inj))|(?:lower|upper|mid|low)\\s+back|lumbar|spine|spinal|lbp",
  ]]],
  ["arm", [
    ["arm", "arms?"],
    ["shoulder", "shoulders?|clavicle|collarbone"],
    ["upper_arm", "humerus"],
    ["elbow", "elbows?"],
    ["forearm", "forearms?|radius|ulna"],
    ["wrist", "wrists?"],
    ["hand", "hands?|fingers?|thumbs?"],
  ]],
  ["leg", [
    ["leg", "legs?"],
    ["hip", "hips?"],
    ["thigh", "thighs?|femur|femoral"],
    ["knee", "knees?"],
    ["lower_leg", "shins?|tibia|tib|calf|calves"],
    ["ankle", "ankles?"],
    ["foot", "foot|feet|toes?|heels?"],
  ]],
];
const PARTS = REGIONS.flatMap(([region, parts]) => parts.map(([part, words]) => ({ region, part, words })));
const SIDE = "(?:(left|lt|l)|(right|rt|r))\\s+";
const SITE = new RegExp(
  `(?<![\\w/])(?:${SIDE})?(?:${
    PARTS.map(({ region, part, words }) => `(?<${region}__${part}>${words})`).join("|")
  })(?![\\w/])`,
  "gi",
);

/** The last site `words` name, or undefined. */
export function lastSiteIn(words: string): PainSite | undefined {
  const m = [...words.matchAll(SITE)].at(-1);
  return m && siteOf(m);
}

/** The first site `words` name, or undefined: the complaint, where it is the first said. */
export function firstSiteIn(words: string): PainSite | undefined {
  const m = [...words.matchAll(SITE)][0];
  return m && siteOf(m);
}

function siteOf(m: RegExpMatchArray): PainSite {
  const { region, part } = PARTS.find(({ region, part }) => m.groups?.[`${region}__${part}`])!;
  const side = m[1] ? "left" : m[2] ? "right" : undefined;
  return side ? { region, part, side } : { region, part };
}

/** One pain or two: a side said for both and different is two ("left leg", "right leg"); one unsaid is the same. */
export const sameSite = (a: PainSite, b: PainSite) =>
  a.region === b.region && (a.side === undefined || b.side === undefined || a.side === b.side);

/** The same part of the same site: "knee" and "hip" are two pains; "leg" (the whole region) is either of them. */
const samePart = (a: PainSite, b: PainSite) =>
  sameSite(a, b) && (a.part === b.part || a.part === a.region || b.part === b.region);

/** A time before this call, said after the number or before it ("3/10 yesterday", "yesterday it was 3/10"). */
const BEFORE_THIS_CALL =
  "(?<!(?:since|from|started|began)\\s+)yesterday|last\\s+(?:night|week|month|year|visit|time)|" +
  "before\\s+(?:the\\s+)?(?:fall|injury|accident|crash|mvc|today)";
/**
 * The patient's usual pain ("usual pain is 3/10", "baseline 4/10", "normally 3/10", "typical back pain 4/10", "her
 * normal pain"); a bare "normal" is another finding's ("vitals normal pain 3/10" is the score now).
 */
const USUAL =
  "baseline|usually|normally|typically|(?:usual|typical|(?:his|her|their|pt['’]?s|patient['’]?s)\\s+" +
  "normal)(?:\\s+\\w+)?\\s+(?:pain|score|level|is)";

/**
 * Before the number, in its clause: a time before this call or the patient's usual. Not "earlier", "on scene",
 * "initially", "before fentanyl": those are this call's readings of the same pain, and the newest of them is the
 * score now (MCG 1345 guideline 5). Not "fell at home", "since yesterday", "2 days ago": an onset, not a score's time.
 */
const PAST_BEFORE = new RegExp(`\\b(?:${BEFORE_THIS_CALL}|${USUAL})\\b`, "i");
/** Right after the number: the same, and "at home", "2 days ago", "is her usual". */
const PAST_AFTER = new RegExp(
  "^\\s*[(-]?\\s*(?:(?:is|was|as|at|which\\s+is|=)\\s+)?(?:(?:his|her|their|the|pt['’]?s|patient['’]?s)\\s+)?" +
    `(?:${BEFORE_THIS_CALL}|baseline|usual(?:ly)?|normal(?:ly)?|typical(?:ly)?|home|` +
    "(?:\\d+|a|few|several|couple(?:\\s+of)?)\\s+(?:days?|wks?|weeks?|months?|yrs?|years?)\\s+ago)\\b",
  "i",
);

/**
 * True when a score is tied to a time before this call or to the patient's usual pain: `before` is its clause's
 * words before the number (from the last score said), `after` its words after, to the next score.
 */
export const saidOfThePast = (before: string, after: string) =>
  PAST_BEFORE.test(before) || PAST_AFTER.test(after);

/**
 * How a score of this call is marked in time, for the same pain said twice (MCG 1345 guideline 5: the reassessed
 * score is the one to treat by). "now", "currently" mark the score now wherever it sits ("pain now 3/10 was 9/10");
 * "was", "earlier", "initially", "on scene" an older reading of it ("pain 9/10, was 3/10": fourteenth read, H6).
 * Unmarked scores rank between them, the later said the newer.
 */
export type TimeMark = "now" | "earlier";
const NOW_WORDS = "now|currently|presently|at\\s+present";
const EARLIER_WORDS =
  "earlier|initially|originally|at\\s+first|previously|prior|before|on\\s+(?:arrival|scene)|pta";
const MARK_BEFORE = new RegExp(`\\b(?:(${NOW_WORDS})|(was|were|${EARLIER_WORDS}))\\b`, "gi");
/** Right after the number only ("3/10 now", "9/10 earlier"); never "was", which begins the next score's words. */
const MARK_AFTER = new RegExp(`^\\s*[,(-]?\\s*(?:(${NOW_WORDS})|(${EARLIER_WORDS}))\\b`, "i");

/** `before`'s last time word, else one right at the start of `after` (as saidOfThePast's words). */
export function timeMarkOf(before: string, after: string): TimeMark | undefined {
  const m = [...before.matchAll(MARK_BEFORE)].at(-1) ?? MARK_AFTER.exec(after) ?? undefined;
  return m ? (m[1] ? "now" : "earlier") : undefined;
}

/**
 * A score on movement and one at rest are two scores of one pain, not a reassessment ("femur fx 9/10 on movement
 * 2/10 at rest"): the movement into the ambulance is itself a time to reassess (MCG 1345 guideline 5), and the
 * higher is treated (guideline 6). Read right after the number, else right before it.
 */
export type PainCondition = "movement" | "rest";
const MOVEMENT =
  "(?:on|with|w\\/|during|when|while)\\s+(?:movement|moving|motion|palpation|ambulation|walking|weight[\\s-]?bearing)|" +
  "moving|ambulating|weight[\\s-]?bearing";
const REST = "at\\s+rest|resting|(?:when|while)\\s+still|(?:without|w\\/o)\\s+movement|not\\s+moving";
const CONDITION_AFTER = new RegExp(`^\\s*[,(-]?\\s*(?:(${MOVEMENT})|(${REST}))\\b`, "i");
const CONDITION_BEFORE = new RegExp(`(?:(${MOVEMENT})|(${REST}))\\s*[:,-]?\\s*$`, "i");

export function conditionOf(before: string, after: string): PainCondition | undefined {
  const m = CONDITION_AFTER.exec(after) ?? CONDITION_BEFORE.exec(before);
  return m ? (m[1] ? "movement" : "rest") : undefined;
}

/** Where and when a score was said: its site (the complaint's if none), message, time mark and condition. */
export interface SaidWhereWhen {
  readonly site?: PainSite;
  /** Which of the messages (oldest first) said it. */
  readonly message: number;
  readonly mark?: TimeMark;
  readonly condition?: PainCondition;
}

/**
 * A reading of a pain already read, or another pain (fourteenth read, H6). Another: a part of another site, or of the
 * same region said in the same message ("hip pain 9/10 knee 2/10", "flank pain 9/10, abd 2/10"), or the same pain on
 * movement and at rest. A later message's score of the region reassesses it ("femur fx 9/10" then "leg pain 3/10").
 */
export function samePain(pain: { site?: PainSite; reading: SaidWhereWhen }, reading: SaidWhereWhen): boolean {
  const [a, b] = [pain.site, reading.site];
  const sameWhere = !a || !b
    ? a === b // with no site said, the complaint's: both unsaid only when no complaint is named
    : samePart(a, b) || (sameSite(a, b) && reading.message > pain.reading.message);
  const [was, is] = [pain.reading.condition, reading.condition];
  return sameWhere && (!was || !is || was === is);
}

const RANK: Readonly<Record<TimeMark | "unmarked", number>> = { earlier: 0, unmarked: 1, now: 2 };
/**
 * A later reading of the same pain is its score now (MCG 1345 guideline 5), unless, in the same message, the one
 * before is marked "now" and it is not, or it is marked "was"/"earlier" ("pain now 3/10 was 9/10").
 */
export const newer = (reading: SaidWhereWhen, than: SaidWhereWhen) =>
  reading.message > than.message || RANK[reading.mark ?? "unmarked"] >= RANK[than.mark ?? "unmarked"];
