/**
 * Where a medic's message describes the patient's state now, with no I/O, so an indication said in an older
 * message is not dosed after it (medical director's sixth read, H3). Reading every message of this patient's
 * (chat_indications.ts readIndication) dosed "seizing" after "now awake and crying" and chest pain after "symptoms
 * resolved": TP 1231-P step 6 is for an active seizure witnessed by EMS, TP 1211 step 6 for chest pain now. A
 * state over-read only asks the medic (chat_denied_defaults.ts: "seizing now?"); one missed doses what has passed.
 * A message that names the condition again ("still seizing") is read by its name first, never here. The mental
 * state ("awake", "gcs 15") ends only a seizure, calm ("sleeping", "cooperative") a seizure or agitation: "A&Ox4,
 * bp 140/90" says nothing of chest pain. Asleep said as now ("now sleeping") ends any: nothing is told then (seventh
 * read, Medium 2). A state whose subject is another person ("mom crying", "dad is awake") is not the patient's, and
 * a seizure said to go on without its name ("still jerking", "awake but still twitching") leaves it read (Medium 1).
 * A state the patient shares ("pt and mom both crying") is the patient's, and "no, just twitching" is no end of a
 * seizure but a question (eighth read).

 * The glucose said now is chat_glucose_now.ts's.
 */
import { everyMatch } from "./chat_every_match.ts";

const GAP = "[^\\S\\n]+";
/** A negation or hedge right before the state words ("not talking", "unable to follow commands", "barely awake"). */
const NOT_BEFORE =
  "(?<!(?:\\bnot|\\bnever|n['’]?t|\\bno|\\bunable\\s+to|\\bbarely|\\bsemi|\\bless|\\bhardly)[^\\S\\n]*-?)";
/** "talking to base": the medic's talk, not the patient's. */
const NOT_MEDICS_TALK =
  `(?!${GAP}(?:to|with)${GAP}(?:the${GAP})?(?:base|bh|mc|medical${GAP}control|doc|dr|er|ed|hospital))`;
/** The patient's mental state: no seizure now, but no word on chest pain or anaphylaxis ("A&Ox4, bp 140/90"). */
const MENTAL_STATE = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:` + [
    "awake",
    `alert${GAP}(?:and|&)${GAP}oriented`,
    "a\\s*[&+]?\\s*o\\s*x?\\s*[34]",
    `talking${NOT_MEDICS_TALK}`,
    "crying",
    `eyes${GAP}(?:are${GAP})?open`,
    `follow(?:s|ing)${GAP}commands`,
    `gcs(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*15`,
  ].join("|") + ")(?![\\w/-])",
  "i",
);
/** Calm: no seizure and no agitation now (TP 1209 steps 10-11 give midazolam to the uncooperative, step 9 none), nothing else. */
const CALM = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:sleeping|asleep|calm|calmer|calmed(?:${GAP}down)?|cooperative|resting)(?![\\w/-])`,
  "i",
);
/** Any condition's end: "asymptomatic", "feels fine", "symptoms resolved", "now sob only", "no more pain". */
const STATE_NOW = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:` + [
    "asymptomatic",
    `(?:symptom|sx)[^\\S\\n]*-?free`,
    `(?:back${GAP}to|at)${GAP}baseline`,
    `feel(?:s|ing)?${GAP}(?:fine|ok|okay|good|well|normal)`,
    // "hives resolved", "symptoms resolved after epi" (chest pain's own: chat_pain_ends.ts)
    `(?:symptoms|sx|hives|rash|swelling|wheez\\w*|stridor|everything|all${GAP}symptoms)` +
    `(?:${GAP}(?:have|has|are|is|now|all|completely)){0,2}${GAP}(?:resolved|gone)`,
    `(?:no|denies|denied|denying)${GAP}(?:(?:more|further|any|longer${GAP}has)${GAP})?(?:pain|discomfort|complaints?)` +
    `(?!${GAP}(?:meds?|medication|control|relief|management|scale))`,
    // "now sob only", "now just sob", "now complaining of abd pain only"
    `now${GAP}(?:just|only)`,
    `now${GAP}(?:[\\w/'-]+${GAP}){1,5}only`,
  ].join("|") + ")(?![\\w/-])",
  "i",
);

/** The clause around `at`..`end` in one line, short enough for a phone. */
function clauseQuote(text: string, at: number, end: number): string {
  const before = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const after = text.slice(end).search(/[,;.!?\n]|$/);
  const quote = text.slice(before, end + after).replace(/\s+/g, " ").trim();
  return quote.length <= 60 ? quote : text.slice(at, end).trim();
}

export interface StateNow {
  /** What the medic wrote ("now awake and crying"). */
  readonly quote: string;
  /**
   * The conditions it says are not the state now: any ("symptoms resolved"); a seizure only, for the mental state
   * ("awake", "gcs 15": nothing of chest pain, "A&Ox4, bp 140/90"); a seizure or agitation, for calm ("sleeping").
   */
  readonly ends: "any" | "seizure" | "seizure-or-agitation";
}

/**
 * Another person, as the subject of a state ("mom crying", "dad is awake", "sister sleeping"): the patient's
 * family, bystanders or crew (seventh read, Medium 1: each was asked "seizing now?").
 */
const OTHER_PEOPLE =
  "(?:mom|mommy|mum|mother|dad|daddy|father|parents?|sister|brother|sibling|grandma|grandmother|grandpa|" +
  "grandfather|aunt|uncle|cousin|wife|husband|spouse|girlfriend|boyfriend|partner|family|bystanders?|caller|" +
  "friend|neighbou?r|teacher|nanny|babysitter|caregiver|staff|nurse)";
const ANOTHER = new RegExp(`(?<![\\w/-])${OTHER_PEOPLE}(?:['’]s)?(?![\\w/-])`, "gi");

/** The patient, or another's report, after another person in the clause ("mom says he is awake", "dad says awake now"). */
const PATIENT =
  /(?<![\w/-])(?:pt|patient|he|she|him|her|they|child|kid|baby|infant|son|daughter|says|said|states|stated|reports|reported|thinks|tells|told)(?![\w/-])/i;

/**
 * The patient named with the others as one subject ("pt and mom both crying", "baby & mom"): the state is the
 * patient's too (eighth read: "pt and mom both crying" dosed midazolam; a crying child is not seizing, TP 1231-P
 * step 6). "mom and dad crying" names only others.
 */
const WITH_PATIENT = new RegExp(
  `(?<![\\w/-])(?:pt|patient|child|kid|baby|infant|son|daughter|he|she)[^\\S\\n]*(?:and|&|\\+)[^\\S\\n]*` +
    `(?:(?:his|her|their|the)${GAP})?$`,
  "i",
);

/** True when the clause before `at` makes another person the subject of what is said at `at`. */
export const aboutAnother = (text: string, at: number): boolean => aboutSubject(text, at, ANOTHER);

/** True when the clause before `at` makes one of `subjects` (a global pattern), not the patient, its subject. */
function aboutSubject(text: string, at: number, subjects: RegExp): boolean {
  const start = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const clause = text.slice(start, at);
  const others = [...clause.matchAll(subjects)];
  if (others.length === 0) return false;
  if (others.some((other) => WITH_PATIENT.test(clause.slice(0, other.index)))) return false;
  const last = others[others.length - 1];
  return !PATIENT.test(clause.slice(last.index + last[0].length));
}

/** A seizure going on, said without its name ("still jerking", "twitching again"): no state now ends it. */
const ONGOING = new RegExp(
  `(?<!(?:stopped|no|not|longer|without|denies|any|ceased|quit)[^\\S\\n]+)` +
    `(?<![\\w/-])(?:still${GAP}(?:\\w+${GAP})?(?:jerk|twitch|shak|convuls|seiz)\\w*|` +
    `(?:jerk|twitch|shak|convuls)\\w*${GAP}(?:again|still|continu\\w*|ongoing|now))`,
  "i",
);

/** True when `text` says a seizure goes on without its name ("still jerking", "twitching again"). */
export const saysSeizureGoesOn = (text: string) => ONGOING.test(text);

/**
 * Where `text` says a seizure's signs go on ("right arm still jerking"): after one sign said to have stopped, another
 * going on keeps the seizure active ("twitching stopped on the left but right arm still jerking": TP 1231-P special
 * consideration 2; eleventh read, M3).
 */
export const signsGoingOn = (text: string) => everyMatch(ONGOING, text);

/**
 * A seizure's signs said after a "no" ("no, just twitching", "nope, eyes deviated", "no but still shaking"): a focal
 * or subtle seizure may go on (TP 1231 and TP 1231-P, special consideration 2: eye deviation, clenched jaw, lip
 * smacking, focal twitching), so the "no" is no end of it: asked (eighth read). "no, twitching stopped" and "no more
 * twitching" are ends, and so is a sign said to have ended or to be past ("no, the twitching is gone", "no. twitching
 * earlier but stopped", "no, eyes rolled back earlier, now awake": ninth read, Low 4).
 */
const NO_FIRST = new RegExp(
  `^[^\\S\\n]*(?:no|nope|nah|negative|not${GAP}(?:really|now|anymore|any${GAP}more|seizing)|no${GAP}longer(?:${GAP}seizing)?)` +
    `(?=[^\\S\\n]*[,.;:!-]|${GAP}(?:but|just|only|still|now)\\b)`,
  "i",
);
const SIGN = new RegExp(
  `(?<!(?:\\bno|\\bnot|more|longer|stopped|without|denies|ceased|quit|\\bwas|\\bwere|been|\\bany|nor)[^\\S\\n]+)` +
    `(?<![\\w/-])(?:(?:twitch|jerk|shak|convuls|postur)\\w*|` +
    `eyes?${GAP}(?:\\w+${GAP})?(?:deviat\\w*|(?:rolled|rolling)(?:${GAP}(?:back|up))?)|` +
    `gaze${GAP}(?:\\w+${GAP})?deviat\\w*|deviated${GAP}(?:eyes|gaze)|lip${GAP}smack\\w*|clenched${GAP}jaw|clenching)` +
    `(?![\\w/-])`,
  "gi",
);
/**
 * In the sign's clause after it: an end ("is gone", "has stopped", "was over") or a time past ("earlier", "before",
 * "5 min ago"), but not "all over" (a generalised seizure), "stopped breathing", "than before", "like before" or "since earlier".
 */
const ENDED_OR_PAST = new RegExp(
  `^[^,;.!?\\n]*?(?<![\\w'’-])(?:(?<!(?:not|n['’]t|never)${GAP})(?:stopped(?!${GAP}breath)|ended|resolved|gone|ceased|subsided|quit|` +
    `went${GAP}away|(?:is|was|are|were|it['’]?s)${GAP}over)|(?<!(?:than|since|like|as)${GAP})(?:earlier|before|previously|prior|` +
    `initially|at${GAP}first|ago|pta))(?![\\w'’-])`,
  "i",
);
/**
 * Going on or said again, in the same clause ("stopped but started again", "now it's back", "started 5 min ago"):
 * not past.
 */
const RESUMED = new RegExp(
  `(?<![\\w'’-])(?:again|still|returned|restarted|recurr\\w*|(?:is|it['’]?s|came|now)${GAP}back|started|began|begun|` +
    `ongoing|continu\\w*|going)(?![\\w'’-])`,
  "i",
);

/** The seizure's signs in `text` said to go on (not ended, not past), each with where it is. */
function liveSigns(text: string): RegExpExecArray[] {
  return [...text.matchAll(SIGN)].filter((sign) => {
    const after = text.slice(sign.index + sign[0].length);
    const clause = after.slice(0, after.search(/[,;.!?\n]|$/));
    return !ENDED_OR_PAST.test(after) || RESUMED.test(clause);
  });
}

/**
 * True when `text` names a seizure's signs going on ("twitching", "posturing, calm breathing"): answering "seizing
 * now?", a yes (tenth read, M2: the question came back for them), unless said after a "no" or while awake.
 */
export const saysLiveSigns = (text: string) => liveSigns(text).length > 0;

/** What a message starting with "no" then a seizure's signs quotes ("no, just twitching"), else undefined. */
export function signsAfterNo(text: string): string | undefined {
  const no = NO_FIRST.exec(text);
  const sign = no && liveSigns(text).find((s) => s.index >= no[0].length);
  if (!no || !sign) return undefined;
  const end = sign.index + sign[0].length;
  const quote = text.slice(0, end).replace(/\s+/g, " ").trim();
  return quote.length <= 60 ? quote : `${no[0].trim()} … ${sign[0]}`;
}

/**
 * The patient awake, calm or cold, said with a seizure's signs ("still twitching a little but talking to us", "still
 * shaky but alert", "still shaking from the cold, awake and talking"): focal activity is an active seizure only with
 * an altered level of consciousness (TP 1231 and TP 1231-P, special consideration 2), and shivering is none; asked,
 * never dosed (ninth read, Medium 1). "eyes open" says nothing of consciousness (a convulsing child's eyes are often
 * open), and the seizure named ("still seizing, eyes open") is read by its name: neither is asked.
 */
const AWAKE = [
  "awake",
  `(?<!medic(?:al)?${GAP})alert(?!${GAP}(?:to${GAP}pain|bracelet|band|tag))`,
  "a\\s*[&+]?\\s*o\\s*x?\\s*[34]",
  `talking${NOT_MEDICS_TALK}`,
  `crying(?!${GAP}out)`, // "crying out": a seizure may start with a cry
  `follow(?:s|ing)${GAP}commands`,
  `gcs(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*15`,
  `calm(?:er|ed)?|cooperative`,
];
/**
 * Cold as what shakes the patient: shivering, rigors, exposure ("from the cold", "is cold"). A skin's temperature
 * ("skin cold and clammy", "feels cold to touch", "cold extremities") is a perfusion finding, neither consciousness nor
 * activity, which are what make shaking a seizure (TP 1231-P special consideration 2): not read (tenth read, L4).
 */
const SKIN = "(?:skin|extremit(?:y|ies)|hands?|feet|foot|legs?|arms?|fingers?|toes?|lips|face|body|forehead)";
const NOT_SKIN_AFTER =
  `(?!${GAP}(?:(?:and|&)${GAP}|,[^\\S\\n]*)?(?:clammy|diaphoretic|sweaty|mottled|pale|to${GAP}(?:the${GAP})?touch))`;
const COLD = [
  "shiver\\w*|chills|rigou?rs|hypotherm\\w*|freezing",
  `(?:from|with|in|of|due${GAP}to|because${GAP}of)${GAP}(?:the${GAP})?cold(?!${GAP}(?:skin|extremit))`,
  `(?<!${SKIN}${GAP})(?:is|feels?|so|very|really|was|too)${GAP}cold${NOT_SKIN_AFTER}`,
  `cold${GAP}(?:water|exposure|weather|outside)`,
];
const wordsOf = (words: readonly string[]) =>
  new RegExp(`${NOT_BEFORE}(?<![\\w/-])(?:${words.join("|")})(?![\\w/-])`, "gi");
const AWAKE_WORDS = wordsOf(AWAKE);
const COLD_WORDS = wordsOf(COLD);

/**
 * The crew as a state's subject ("we are calm and talking to the ED", "crew calm"): not the patient's (tenth read,
 * M2). Only for states: "we checked bgl 40" is the patient's glucose.
 */
const CREW =
  /(?<![\w/-])(?:we|i|us|crew|medics?|ems|fire|engine|rescue|team|everyone|everybody|ed|er)(?![\w/-])/gi;

/** "calm mom down", "trying to calm him", "help calm the family": calm as something done to someone, no state. */
const CALMING = /^calm(?:ed|ing|s)?$/i;
const DONE_TO = new RegExp(
  `^${GAP}(?:(?:the|his|her|their|our)${GAP})?(?:him|her|them|everyone|everybody|things|people|` +
    `${OTHER_PEOPLE})(?![\\w/-])`,
  "i",
);
const TO_CALM = new RegExp(`(?<![\\w/-])(?:to|try|trying|tried|help|helping|helped|helps)${GAP}$`, "i");
/** "calm environment", "calm breathing", "breathing calm and regular": another thing's calm, not the patient's. */
const CALM_THING =
  `(?:environment|room|scene|area|voice|music|setting|space|surroundings|place|lights?|lighting|tone|ride|` +
  `breathing|respirations?|resps|breaths?|rr|airway|heart${GAP}rate|hr|rhythm)`;
const THING_CALM_AFTER = new RegExp(`^${GAP}${CALM_THING}(?![\\w/-])`, "i");
const THING_CALM_BEFORE = new RegExp(
  `(?<![\\w/-])${CALM_THING}(?:${GAP}(?:is|are|was|were|now|seems?|looks?|appears?|still|remains?|stays?))*${GAP}$`,
  "i",
);
/** "awake? no", "alert: negative", "talking - not really": the state asked and denied (tenth read, M2). */
const DENIED_AFTER = new RegExp(
  `^(?:[^\\S\\n]*[?:=(–—-])+[^\\S\\n]*(?:no|nope|negative|neg|not|nah)(?![\\w/-])`,
  "i",
);

/**
 * True when the state word `m` in `text` is the patient's own: not another's or the crew's ("mom is calm", "we are
 * calm"), not calming someone ("trying to calm mom down"), not a thing's ("calm environment", "breathing calm"), not
 * asked and denied ("awake? no"). Medical director's tenth read, M2: each re-asked a seizing child's medic.
 */
function patientsState(text: string, m: RegExpExecArray | RegExpMatchArray): boolean {
  const at = m.index!;
  const before = text.slice(0, at);
  const after = text.slice(at + m[0].length);
  if (aboutAnother(text, at) || aboutSubject(text, at, CREW)) return false;
  if (DENIED_AFTER.test(after)) return false;
  if (/^calm/i.test(m[0])) {
    if (CALMING.test(m[0]) && (DONE_TO.test(after) || TO_CALM.test(before))) return false;
    if (THING_CALM_AFTER.test(after) || THING_CALM_BEFORE.test(before)) return false;
  }
  return true;
}

/**
 * Talk or a mind said to be altered ("talking gibberish", "not making sense", "confused"): the level of
 * consciousness is altered, so the signs are an active seizure (TP 1231-P special consideration 2); awake, talking
 * or calm words then ask nothing (tenth read, M2). Cold words still do: shivering is no seizure.
 */
const ALTERED = new RegExp(
  `(?<![\\w/-])(?:gibberish|jibberish|nonsense|nonsensical|incoherent\\w*|garbled|word${GAP}salad|` +
    `not${GAP}making${GAP}sense|(?:makes|making)${GAP}no${GAP}sense|confused|disoriented|altered|aloc|` +
    `(?:not|isn['’]?t)${GAP}(?:oriented|responding|responsive)|unresponsive)(?![\\w/-])`,
  "gi",
);

/**
 * A seizure's motor signs said beside an altered level of consciousness ("twitching, unresponsive", "unresponsive and
 * jerking", "shaking left arm, altered"): focal or clonic activity with altered consciousness is an active seizure
 * (TP 1231 and TP 1231-P, special consideration 2), read as the seizure's name (eleventh read, L4: it was asked which
 * indication). Only side by side, joined by a comma, "and", "with" or "but", and never negated ("no twitching,
 * unresponsive"); the signs alone ("still shaking") are asked: shivering, rigors or a tremor shake too.
 */
const MOTOR_SIGN =
  "(?:twitch|jerk|shak|convuls)\\w*(?:[^\\S\\n]+(?:of[^\\S\\n]+)?(?:(?:the|her|his)[^\\S\\n]+)?(?:(?:left|right|lt|rt|l|r)[^\\S\\n]+)?" +
  "(?:arms?|legs?|hands?|face|side|extremit(?:y|ies)|body))?";
const UNAWARE = `(?:unresponsive|unconscious|obtunded|altered|aloc|not${GAP}(?:responding|responsive))`;
const SIGN_JOINT =
  `[^\\S\\n]*(?:[,;+&]|${GAP}(?:and|with|but)(?![\\w/-]))?[^\\S\\n]*(?:(?:pt|patient|is|still|now|and)${GAP})*`;
const UNNEGATED = `(?<!(?:\\bno|\\bnot|stopped|without|denies|\\bnon|n['’]t)[^\\S\\n]+)(?<![\\w/-])`;
export const SIGNS_WITH_ALTERED_MIND = new RegExp(
  `${UNNEGATED}(?:${MOTOR_SIGN}${SIGN_JOINT}${UNAWARE}|${UNAWARE}${SIGN_JOINT}${MOTOR_SIGN})(?![\\w/-])`,
  "i",
);

/** What a message saying a seizure's signs with the patient awake, calm or cold quotes, else undefined. */
export function signsWhileAwake(text: string): string | undefined {
  const sign = liveSigns(text)[0];
  if (!sign) return undefined;
  const altered = [...text.matchAll(ALTERED)].some((m) => !aboutAnother(text, m.index));
  const found = [...(altered ? [] : text.matchAll(AWAKE_WORDS)), ...text.matchAll(COLD_WORDS)]
    .sort((a, b) => a.index - b.index);
  const awake = found.find((m) => patientsState(text, m));
  if (!awake) return undefined;
  const [first, last] = sign.index < awake.index ? [sign, awake] : [awake, sign];
  const quote = clauseQuote(text, first.index, last.index + last[0].length);
  return quote.length <= 60 ? quote : `${first[0].trim()} … ${last[0].trim()}`;
}

/** Why a message's seizure signs leave the seizure unclear: said after a "no", or with the patient awake or cold. */
export const unclearSigns = (text: string): "after-no" | "awake" | undefined =>
  signsAfterNo(text) ? "after-no" : signsWhileAwake(text) ? "awake" : undefined;

/** Asleep said as now ("now sleeping", "asleep now"): no chest pain or anything else is told then; asked. */
const ASLEEP_NOW = new RegExp(
  `${NOT_BEFORE}(?<![\\w/-])(?:now${GAP}(?:\\w+${GAP})?(?:sleeping|asleep)|(?:sleeping|asleep)${GAP}now)(?![\\w/-])`,
  "i",
);

/** What the message says of the patient's state now, the widest first, or undefined. */
export function stateNowSaid(text: string): StateNow | undefined {
  const signs = signsAfterNo(text) ?? signsWhileAwake(text);
  if (signs) return { quote: signs, ends: "seizure" }; // neither the end nor plainly the seizure: asked
  if (ONGOING.test(text)) return undefined;
  for (
    const [pattern, ends] of [[STATE_NOW, "any"], [ASLEEP_NOW, "any"], [CALM, "seizure-or-agitation"], [
      MENTAL_STATE,
      "seizure",
    ]] as const
  ) {
    for (const m of everyMatch(pattern, text)) {
      if (!patientsState(text, m)) continue; // "mom crying", "we are calm": not the patient's state
      return { quote: clauseQuote(text, m.index, m.index + m[0].length), ends };
    }
  }
  return undefined;
}

/** "now" or "currently" in the state's clause before it ("was seizing, now calm"), or right after it ("awake now"). */
const NOW_BEFORE = /(?<![\w/-])(?:now|currently)(?![\w/-])/i;
const NOW_AFTER = new RegExp(`^${GAP}(?:now|currently)(?![\\w/-])`, "i");

/**
 * The patient's state said as now after a seizure named in the same message, from `end` (where its last name ends):
 * "was seizing, now calm", "had a seizure, now crying", "seizing x5 min, versed given, now crying" were dosed, where
 * the same words in a follow-up are asked (TP 1231-P step 5, TP 1231 step 6: midazolam is for an active seizure
 * only; eleventh read, H1). Only a state said as now counts ("seizing, eyes open" is no end: a convulsing child's eyes
 * are often open), as do a seizure's signs said with the patient awake ("seizing, still twitching but talking to us").
 * The seizure named after it is active ("awake but still seizing": its name is then last); signs going on after it
 * ("now calm but still jerking") ask as the awake signs do. The seizure said as now ("seizing now, twitching but
 * talking to us": a "yes" to "seizing now?" reads so) is read as said. Asked, never read as ended.
 */
export function stateSaidAfter(text: string, end: number): StateNow | undefined {
  const rest = text.slice(end);
  // "seizing now, twitching but talking to us" (a "yes" to "seizing now?" is read so): the medic said it is now
  if (NOW_AFTER.test(rest)) return undefined;
  const signs = signsWhileAwake(rest);
  if (signs) return { quote: signs, ends: "seizure" };
  if (ONGOING.test(rest)) return undefined;
  for (const pattern of [STATE_NOW, ASLEEP_NOW, CALM, MENTAL_STATE]) {
    for (const m of everyMatch(pattern, rest)) {
      const before = rest.slice(rest.slice(0, m.index).search(/[^,;.!?\n]*$/), m.index);
      const after = rest.slice(m.index + m[0].length);
      if (!NOW_BEFORE.test(before) && !NOW_AFTER.test(after) && !/now|currently/i.test(m[0])) continue;
      if (/^crying$/i.test(m[0]) && /^[^\S\n]+out(?![\w/-])/i.test(after)) continue; // a seizure may start with a cry
      if (!patientsState(rest, m)) continue;
      return { quote: clauseQuote(rest, m.index, m.index + m[0].length), ends: "seizure" };
    }
  }
  return undefined;
}

const AGITATION = /^(?:agitation|behavioral-crisis)/;
const WIDTH = { any: 2, "seizure-or-agitation": 1, seizure: 0 } as const;

/** True when `state` says the condition `id` (`seizure`: a seizure's) is not the state now. */
export function stateEnds(state: StateNow, id: string, seizure: boolean): boolean {
  return state.ends === "any" || seizure || state.ends === "seizure-or-agitation" && AGITATION.test(id);
}

/** The wider of two states said (a newer "now awake" and an older "asymptomatic": the latter ends chest pain too). */
export const widerState = (a: StateNow | undefined, b: StateNow | undefined) =>
  !a || b && WIDTH[b.ends] > WIDTH[a.ends] ? b : a;
