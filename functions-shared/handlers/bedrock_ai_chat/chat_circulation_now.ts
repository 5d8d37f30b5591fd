/**
 * A pulse, a pressure or an awake patient said in a message newer than a cardiac arrest's, with no I/O: the arrest
 * may be over, so the indication reader asks "pulseless now?" instead of dosing it (chat_indications.ts, as a state
 * said now asks of an older seizure: chat_state_now.ts). TP 1210 step 9 gives epinephrine 1 mg IV/IO to the pulseless;
 * after ROSC, step 18 treats a systolic under 90 with push-dose epinephrine 10 mcg. "pulseless || now sinus, pulse
 * present, sbp 80 || epi?" and a child's "pulseless || now pulse 120, bp 80/50 || epi?" had been given the arrest's
 * dose (Stop 58's Left open). Four reads of rules that picked the other indication found harm in every word list
 * (Stop 58), so a pulse read here only asks: read where there is none, it costs the medic a reply.
 *
 * Only plain signs of circulation count: a measured pressure of 50 or more, a pulse said present or felt (or a rate of
 * 60 or more), the patient awake, talking or oriented. Never one denied, asked, doubted or hoped for ("no pulse",
 * "pulse?", "if pulse present"), made by CPR ("pulse with compressions", "bp 60/30 on lucas"), another person's ("pt 2
 * bp 120/80", "mom talking"), the past ("bp 80/40 before arrest"), or lost again after it in the message ("pulse
 * present then lost it").
 */
import { aboutAnother } from "./chat_state_now.ts";
import { heartStoppedSaid } from "./chat_heart_stopped_words.ts";

const GAP = "[^\\S\\n]+";
const PULSE_WORD = "(?:pulses?|carotids?|femorals?|radials?|brachials?)";

/** The signs of circulation, each read further by `circulating`. */
const CIRCULATION = new RegExp(
  "(?<![\\w/-])(?:" + [
    // a pressure of 50 or more ("bp 80/40", "sbp 80", "b/p: 92 palp")
    `(?:s?bp|b\\/p|nibp|blood${GAP}pressure|systolic)(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*` +
    "(?:[5-9]\\d|[12]\\d\\d)(?:[^\\S\\n]*\\/[^\\S\\n]*(?:\\d{1,3}|p|palp))?(?![\\d.%])",
    // a pulse said present ("pulse present", "pulses palpable", "carotid strong", "radials weak")
    `${PULSE_WORD}(?:${GAP}(?:is|are|now))?${GAP}(?:present|palpable|felt|strong|good|weak|thready|faint|bounding|` +
    "intact|back|returned|regained|restored)",
    // felt with its quality before it ("strong carotid", "weak radial pulse", "palpable femoral")
    `(?:strong|good|palpable|weak|thready|faint|bounding)${GAP}(?:(?:carotid|femoral|radial|brachial|central)${GAP})?` +
    PULSE_WORD,
    // had ("has a pulse", "got a pulse", "with a weak pulse", "regained pulses")
    `(?:has|have|got|gotten|with|regained|found|feel|felt)${GAP}(?:a${GAP})?(?:(?:weak|strong|palpable|good)${GAP})?` +
    "pulses?",
    // a rate of 60 or more ("pulse 120", "pulse of 88", "pulse rate: 70"); never the oximeter's
    `pulse(?:${GAP}rate)?(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*(?:[6-9]\\d|1\\d\\d|2[0-4]\\d)(?![\\d.%])`,
    // awake ("awake", "a&ox4", "talking", "crying", "follows commands", "gcs 14")
    "awake",
    `alert${GAP}(?:and|&)${GAP}oriented`,
    "a[^\\S\\n]*[&+/]?[^\\S\\n]*o[^\\S\\n]*x[^\\S\\n]*[1-4]|a[^\\S\\n]*[&+/][^\\S\\n]*o(?:[^\\S\\n]*[1-4])?",
    // never the crew's talk ("talking to base")
    `talking(?!${GAP}(?:to|with)${GAP}(?:the${GAP})?(?:base|bh|mc|medical${GAP}control|doc|dr|er|ed|hospital))`,
    "crying",
    `follow(?:s|ing)${GAP}commands`,
    `gcs(?:${GAP}(?:is|of|now))?[^\\S\\n]*[:=]?[^\\S\\n]*(?:9|1[0-5])`,
  ].join("|") + ")(?![\\w/-])",
  "gi",
);

/** Denied, asked, doubted or awaited, a few words before it ("no strong pulse", "if pulse present", "? carotid"). */
const NOT_SAID_BEFORE = new RegExp(
  "(?:(?<![\\w'’-])(?:no|not|nor|non|never|without|w\\/o|absent|denies|lost|lose|losing|unable|cannot|can['’]?t|" +
    "could\\s*n['’]?t|did\\s*n['’]?t|does\\s*n['’]?t|do\\s*n['’]?t|is\\s*n['’]?t|was\\s*n['’]?t|if|whether|when|once|" +
    "until|till|unless|maybe|possibl[ey]|questionable|unsure|thought|think|might|may|hope|hoping|waiting|await\\w*|" +
    "for|barely|semi)|\\?)(?:[^\\S\\n]+[\\w/'’-]+){0,2}[^\\S\\n]*$",
  "i",
);
/** Asked or doubted right after it ("pulse present?", "bp 80/40 ??", "awake? no"). */
const ASKED_AFTER = /^[^\S\n]*(?:\?|[:=-][^\S\n]*(?:no|neg|negative|none)\b)/i;
/**
 * Made by CPR, in its message ("pulse with compressions", "on lucas, bp 60/30", "femoral pulse during cpr"); not CPR
 * stopped or held ("held compressions and have a pulse").
 */
const CPR_MADE =
  /(?<!\b(?:stop(?:ped)?|held|hold(?:ing)?|paused?|ceased|off|no|no\s+longer|without|w\/o|after|d\/c(?:ed)?)\s+)\b(?:cpr|compressions?|comps|lucas|autopulse|chest\s+(?:pushes|presses))\b/i;
/** The past, in its clause ("bp 80/40 before arrest", "was talking prior", "initial bp 90", "on arrival"). */
const PAST = new RegExp(
  "\\b(?:before|prior|pre[\\s-]*arrest|earlier|initial(?:ly)?|originally|previously|at\\s+first|on\\s+arrival|" +
    "upon\\s+arrival|ago|pta|last\\s+(?:known|seen)|yesterday|baseline|usual(?:ly)?|normally|hx|history)\\b",
  "i",
);
/** Another patient named in its clause ("pt 2 bp 120/80", "other pt talking", "driver awake"). */
const OTHER_PATIENT = new RegExp(
  "\\b(?:(?:pt|patient|victim)\\s*#?\\s*(?:2|3|two|b)|(?:2nd|second|other|another)\\s+(?:pt|patient|victim|" +
    "person|party)|driver|passenger|partner|bystander)\\b",
  "i",
);

/** Lost again after it, in words HEART_STOPPED lacks ("then lost it", "gone again", "crashed", "went down again"). */
const LOST_AFTER =
  /\b(?:lost\s+(?:it|them|him|her)|(?:gone|lost|none)\s+again|crash(?:ed|ing)|went\s+down|deteriorat\w*|brady\w*\s+(?:to|into)\s+(?:0|zero|nothing))\b/i;

/** The clause around `at`..`end`: [start, end) bounded by punctuation or a line. */
function clause(text: string, at: number, end: number): [number, number] {
  const start = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const after = text.slice(end).search(/[,;.!?\n]|$/);
  return [start, end + after];
}

/** Whether the sign at `m` says the patient's own circulation now (see the module's doc). */
function circulating(text: string, m: RegExpExecArray): boolean {
  const at = m.index;
  const end = at + m[0].length;
  const [start, stop] = clause(text, at, end);
  const before = text.slice(start, at);
  const whole = text.slice(start, stop);
  if (NOT_SAID_BEFORE.test(text.slice(Math.max(0, at - 40), at)) || ASKED_AFTER.test(text.slice(end))) {
    return false;
  }
  // CPR anywhere in the message may be what makes the pulse ("on lucas, bp 70/30")
  if (CPR_MADE.test(text) || PAST.test(whole)) return false;
  if (aboutAnother(text, at) || OTHER_PATIENT.test(before)) return false;
  return !stoppedAgain(text.slice(end));
}

/** Whether `text` says the heart stopped, in HEART_STOPPED's words or a loss said again ("lost it", "crashed"). */
export const stoppedAgain = (text: string): boolean => heartStoppedSaid(text) || LOST_AFTER.test(text);

/** What `text` says of the patient's own circulation now, quoted (≤ 60 characters), or undefined. */
export function circulationSaid(text: string): string | undefined {
  for (const m of text.matchAll(CIRCULATION)) {
    if (!circulating(text, m)) continue;
    const [start, stop] = clause(text, m.index, m.index + m[0].length);
    const quote = text.slice(start, stop).replace(/\s+/g, " ").trim();
    return quote.length <= 60 ? quote : m[0].trim();
  }
  return undefined;
}
