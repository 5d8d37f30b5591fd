/**
 * Whether a reply says the heart has stopped in plain words, with no I/O (read by chat_arrest_answers.ts for the
 * question asked where no arrest was said before it: amiodarone beside a pulse, chat_amiodarone_pulse.ts). There a
 * reply is the arrest only when it says so: never by a dose ("epi 1mg?" had been read as "give the 1 mg" and dosed
 * 1 mg IV/IO to a patient in SVT), a bare yes, a child's slow rate, or an arrest word denied, feared, asked or
 * conditional ("not an arrest", "no signs of arrest", "in case of arrest", "if he goes pulseless", "arrest?"), and
 * never beside a synchronized or an ICD's shock, which a patient with a pulse gets (Stop 61's read S, W1: 96 replies).
 */
import { FEARED_ARREST } from "./chat_heart_stopped_words.ts";
import { blankAll, findMedications } from "./chat_names.ts";

/**
 * The heart stopped, by any plain name of it: the pulse absent or lost, the patient down or gone, CPR under way, a
 * rhythm of the arrest, an AED's shock, the arrest's protocol. Never a shock alone (a cardioversion may be unsaid).
 */
const ARREST_WORD = new RegExp(
  "(?<![\\w'’-])(?:pulse[\\s-]*less|pulsless|plseless|pusleless|pulseles|no\\s+(?:palp\\w*\\s+|carotid\\s+|" +
    "central\\s+|femoral\\s+)?pulses?(?!\\s*ox)|no\\s+palp\\w*|(?:non|not)[\\s-]*(?:palpable|pulsatile)|nonpulsatile|" +
    "(?:without|w\\/o)\\s+(?:a\\s+)?pulses?|(?:can['’]?t|cannot|unable\\s+to|could\\s*n['’]?o?t)\\s+(?:find|feel|" +
    "palpate|palp|get|obtain|detect)\\s+(?:a\\s+|any\\s+|the\\s+)?pulses?|" +
    "(?:lost|lose)\\s+(?:the\\s+|his\\s+|her\\s+|a\\s+)?(?:pulses?(?!\\s*ox)|him|her|rosc)|rosc\\s+lost|" +
    "pulses?\\s*[:=-]?\\s*(?:is\\s+|was\\s+)?(?:lost|gone|absent|none|nil|neg\\w*|0)(?![\\w'’])|" +
    "pulses?\\s*[:=]?\\s*-(?!\\s*\\w)|no\\s+(?:hr|heart\\s*beat|heart\\s*rate|carotids?|vitals|(?:cardiac\\s+)?output|" +
    "perfusion|bp\\s+no\\s+pulse)|carotids?\\s*[:=-]?\\s*(?:neg\\w*|absent|none|0)|heart\\s+not\\s+beating|" +
    "(?:cardiac\\s+)?arrest(?:ed)?|arest|arrst|arrset|re-?arrest\\w*|code(?:\\s+blue)?|cod(?:ed|ing)|m?cpr|ecpr|" +
    "compressions|comps|lucas|thumper|vf|v[\\s-]?fib\\w*|ventricular\\s+fib\\w*|p-?vt|asystol\\w*|pea|flat\\s*line\\w*|" +
    "aed\\s+(?:shocked|advised)|shock\\s+advised|(?:(?:he|she|pt|patient)(?:['’]?s|\\s+is)?\\s+(?:down|gone)|" +
    "(?:went|gone|go)\\s+down|(?:he|she|pt|patient)\\s+(?:just\\s+)?dropped|^\\W*dropped)" +
    "(?!\\s+(?:the|to|at|in|on|here|there|stairs|hall|from|by)\\b)|" +
    "(?:heart|it|he|she|pt|patient)(?:['’]?s|\\s+(?:has|is|has\\s+been))?\\s+(?:still\\s+)?stopped|" +
    "(?:running|working)\\s+(?:the\\s+|a\\s+)?(?:code|him|her)|dead|died|expired|(?:tp\\s*)?1210(?:-p)?)(?![\\w'’-])",
  "gi",
);
/** The question's own word as the whole reply ("stopped", "yes, stopped", "its stopped now"), or "CA" in capitals. */
const STOPPED_ALONE =
  /^\W*(?:(?:yes|yeah|ya|yep|yup)\W+)?(?:it['’]?s\s+|its\s+|he['’]?s\s+|hes\s+|she['’]?s\s+)?(?:still\s+)?stopped(?:\s+now)?\W*$|^\W*CA\W*$/;
/** A word before the arrest's name in its clause that denies, fears, conditions, prepares for or doubts it. */
const NOT_NOW = new RegExp(
  "(?<![\\w'’-])(?:no|not|never|almost|nearly|near|without|w\\/o|denies|negative|neg|if|case|might|may|could|would|will|\\w+['’]ll|" +
    "should|about\\s+to|gonna|going\\s+to|before|prior|possible|possibly|risk|r\\/o|rule\\s+out|signs?\\s+of|" +
    "prep\\w*|ready|worried|afraid|concern\\w*|for|likely|unlikely|" +
    "need\\s+for|(?:is|was|has|have|had|did|does|do|are|were|ca|can|could|wo|would|should|ai)\\s*n['’]?o?t)(?![\\w'’-])",
  "i",
);
/** A word right after the arrest's name that denies or doubts it ("arrest no", "cpr not needed", "arrest likely soon"). */
const NOT_NOW_AFTER =
  /^\s*[:=-]?\s*(?:no|not|n['’]?t|nope|negative|neg|none|never|likely|unlikely|possible|soon|pending|yet)(?![\w'’-])/i;
/** Anything that makes the whole reply unplain: a question, or a shock a patient with a pulse gets. */
const UNPLAIN = /\?|(?<![\w'’-])(?:sync\w*|synchroni[sz]\w*|cardiover\w*|a?icd|code\s*[23])(?![\w'’-])/i;
/**
 * A plain "yes" or "no" opening the reply, before punctuation or the patient ("no he has no pulse"; never "no hr"):
 * a "no" says the heart has not stopped, whatever follows (asked again), a "yes" leaves the rest to say it.
 */
const LEAD =
  /^\s*(yes|yeah|yep|yup|y|no|nope|nah)(?:\s*[,.;:!-]+\s*|\s+(?=(?:he|she|they|it|pt|patient|still|has|we)\b)|\s*$)/i;

/** `written` with the question mark after each medication it names dropped ("arrest, amio?" is "arrest, amio"). */
function withoutQuestionMarks(written: string): string {
  return findMedications(written).reduce(
    (text, m) =>
      text.replace(new RegExp(`(${m.mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})\\s*\\?+`, "i"), "$1"),
    written,
  );
}

/**
 * Whether `pattern` (global) matches `written` somewhere said as now: not denied, feared, conditional, prepared for or
 * doubted by the words before it in its clause or right after it, nor asked ("do i need cpr?", "agonal? no"); a
 * medication's question mark is no question of the arrest. Also read by chat_amiodarone_pulse.ts, for the words of
 * an arrest anywhere.
 */
export function saidNow(written: string, pattern: RegExp): boolean {
  const text = blankAll(withoutQuestionMarks(written), FEARED_ARREST);
  return [...text.matchAll(pattern)].some((m) => {
    const before = (text.slice(0, m.index).split(/[,;.!\n]/).at(-1) ?? "").trim().split(/\s+/).slice(-5).join(
      " ",
    );
    const after = text.slice(m.index + m[0].length);
    // "no pulse" names the arrest with its own "no"; the words around it in its clause decide
    return !NOT_NOW.test(before) && !NOT_NOW_AFTER.test(after) && !/^[^,;.!\n]*\?/.test(after);
  });
}

/** Whether `said` says the heart has stopped now in plain words (see the module's doc). */
export function arrestSaidPlainly(written: string): boolean {
  const said = withoutQuestionMarks(written);
  const lead = LEAD.exec(said);
  if (UNPLAIN.test(said) || /^n/i.test(lead?.[1] ?? "")) return false;
  return STOPPED_ALONE.test(said) || saidNow(said.slice(lead?.[0].length ?? 0), ARREST_WORD);
}
