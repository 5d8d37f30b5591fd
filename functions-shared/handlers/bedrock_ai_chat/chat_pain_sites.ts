/**
 * Whose pain and when, for a pain score read by chat_pain_scores.ts, with no I/O. MCG 1345 guideline 6 treats the
 * patient's pain now by its severity; guideline 5 reassesses that same pain. The medical director's thirteenth read
 * (H2) found the last "N/10" in a message taken as the score now when it was another site's ("femur fx pain 8/10,
 * headache 2/10"), another time's ("3/10 yesterday"), the patient's baseline or usual ("usual pain is 3/10",
 * "baseline 4/10"), or a denial of another pain ("kidney stone 8/10 cp 0/10"). This module names a score's body
 * region and says whether the score is tied to a time before this call.
 */

/** A body region a pain is said of, and its side where one is said ("left leg"). */
export interface PainSite {
  readonly region: string;
  readonly side?: "left" | "right";
}

/** By region, the words that name a pain's site (whole words; "head" only as a pain, not "hit head"). */
const REGIONS: readonly (readonly [string, string])[] = [
  [
    "head",
    "headaches?|migraines?|ha|h\\/a|head(?=\\s+(?:pain|hurts|ache))|face|facial|jaw|tooth|teeth|dental|ears?|eyes?",
  ],
  ["neck", "neck|cervical|throat"],
  ["chest", "chest|cp|c\\/p|ribs?|sternum|sternal|angina"],
  [
    "abdomen",
    "abd|abdomen|abdominal|belly|stomach|epigastric|epigastrium|ruq|luq|rlq|llq|flank|kidney|renal|stones?|" +
    "pelvis|pelvic|groin|testicular|appendicitis",
  ],
  // "back" alone may be a return ("pain back up to 8/10")
  [
    "back",
    "back(?=\\s+(?:pain|hurts|ache|spasms?|injury|inj))|(?:lower|upper|mid|low)\\s+back|lumbar|spine|spinal|lbp",
  ],
  [
    "arm",
    "arms?|shoulders?|clavicle|collarbone|elbows?|forearms?|wrists?|hands?|fingers?|thumbs?|humerus|radius|ulna",
  ],
  [
    "leg",
    "legs?|thighs?|femur|femoral|hips?|knees?|shins?|tibia|tib|calf|calves|ankles?|foot|feet|toes?|heels?",
  ],
];
const SIDE = "(?:(left|lt|l)|(right|rt|r))\\s+";
const SITE = new RegExp(
  `(?<![\\w/])(?:${SIDE})?(?:${
    REGIONS.map(([region, words]) => `(?<${region}>${words})`).join("|")
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
  const region = REGIONS.find(([name]) => m.groups?.[name])![0];
  const side = m[1] ? "left" : m[2] ? "right" : undefined;
  return side ? { region, side } : { region };
}

/** One pain or two: a side said for both and different is two ("left leg", "right leg"); one unsaid is the same. */
export const sameSite = (a: PainSite, b: PainSite) =>
  a.region === b.region && (a.side === undefined || b.side === undefined || a.side === b.side);

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
