/**
 * Whether a reply says the heart has stopped in plain words, with no I/O (read by chat_arrest_answers.ts for the
 * question asked where no arrest was said before it: amiodarone beside a pulse, chat_amiodarone_pulse.ts; and by
 * chat_indications.ts for a newer message than a sign). There a pulse was the last word, so a reply is the arrest only
 * when each of its clauses is the arrest now or neutral, word by word (ALLOWED, NEUTRAL), with one name of the heart
 * stopped (STOPPED): anything else, a past, a history, a rate, a rhythm's end, another sense, a dose asked, a bare
 * "yes", makes it no answer, and the question comes back. Stop 61's reads S and T: "epi 1mg?", "not an arrest", "in
 * case of arrest", "shocked sync 100j", "was in vf earlier, now has pulse", "hx of cardiac arrest", "it stopped" (of
 * the SVT), "rate went down", "no hr change", "full code", "monitor died" had each been the arrest, and dosed.
 */
import { blankAll, findMedications } from "./chat_names.ts";
import { FEARED_ARREST } from "./chat_heart_stopped_words.ts";
import { withoutQuestionMarks } from "./chat_arrest_said_now.ts";

/** One plain name of the heart stopped, or of CPR or an arrest rhythm under way (each its own mark, "§"). */
const STOPPED = new RegExp(
  "(?<![\\w'’-])(?:" + [
    "pulse[\\s-]*less|pulsless|plseless|pusleless|pulseles|no\\s+puls(?:e|es)?|absent\\s+(?:pulses?|carotids?)",
    "no\\s+(?:palp\\w*\\s+|carotid\\s+|central\\s+|femoral\\s+)?pulses?|no\\s+(?:hr|heart\\s*beat|carotids?|output|perfusion)",
    "no\\s+cardiac\\s+output|not\\s+perfusing|hr\\s*[:=]?\\s*0|heart\\s+not\\s+beating|(?:not|non)[\\s-]*palpable",
    "no\\s+(?:heart\\s*rate|vitals|femorals?|brachials?)|pulses?\\s*[:=]?\\s*-(?=\\s*$|\\s*[,;.])|p\\s*vt",
    "aed\\s+advised(?:\\s+(?:a\\s+)?shock)?|shock\\s+advised",
    "(?:can['’]?t|cannot|unable\\s+to|could\\s*n['’]?o?t)\\s+(?:find|feel|palpate|palp|get|obtain)\\s+(?:a\\s+|any\\s+|the\\s+)?pulses?",
    "(?:does\\s*n['’]?o?t|no\\s+longer)\\s+ha(?:s|ve)\\s+a\\s+pulse(?:\\s+anymore)?|(?:without|w\\/o)\\s+(?:a\\s+)?pulses?",
    "never\\s+(?:got|had)\\s+a\\s+pulse|nothing\\s+on\\s+(?:the\\s+)?carotid",
    "lost\\s+(?:the\\s+|his\\s+|her\\s+|a\\s+)?(?:pulses?|him|her|rosc)|rosc\\s+lost",
    "pulses?\\s*(?:check\\s*)?(?:is\\s+|are\\s+)?[:=-]?\\s*(?:lost|gone|absent|none|nil|neg\\w*|0|ø|went\\s+away|disappeared)",
    "carotids?\\s*[:=-]?\\s*(?:neg\\w*|absent|none|0)|heart(?:['’]s|\\s+is|\\s+has)?\\s+(?:still\\s+)?stopped",
    "(?:cardiac\\s+)?arrest(?:ed|ing)?|re-?arrest\\w*|arest|arrst|arrset|cod(?:ed|ing)|code(?:\\s+blue)?|crashed",
    "(?:running|working)\\s+(?:the\\s+|a\\s+)?(?:code|him|her)|cpr|compressions|comps|chest\\s+compressions|mcpr",
    "(?:mechanical\\s+cpr|lucas|thumper|auto\\s*pulse)(?:\\s+on)?|ecpr|on\\s+the\\s+chest",
    "vf|v[\\s-]?fib\\w*|ventricular\\s+fib\\w*|p-?vt|asystol\\w*|pea|flat\\s*line\\w*|torsades",
    // "down" and "dropped" only ending their clause ("he's down", never "going down the 405", "down to 150"); the
    // protocol's number only as the protocol ("per 1210", "tp 1210", "1210" alone; never "vt started 1210", a time)
    "(?:down|dropped)(?=\\s*(?:now|again)?\\s*$)|died|dead|expired|(?:tp\\s*|per\\s+)1210(?:-p)?|^\\s*1210(?:-p)?(?=\\s*(?:now)?\\s*$)",
  ].join("|") + ")(?![\\w'’-])",
  "gi",
);
/**
 * The question's own word as the reply: "stopped", "yes stopped", "he stopped", "yes it is (stopped)", "CA" in capitals;
 * never "it stopped", which may be the SVT's end.
 */
const STOPPED_ALONE =
  /^\W*(?:(?:yes|yeah|ya|yep|yup)\W+)?(?:(?:he|she)['’]?s\s+|hes\s+|shes\s+|he\s+|she\s+|it\s+is\s+|it['’]?s\s+|its\s+)?(?:still\s+)?stopped(?:\s+now)?\W*$|^\W*(?:yes|yeah|yep)\W+it\s+(?:is|has)\W*$|^\W*CA\W*$/;
/** Words that may stand beside a name of the arrest in its clause: the patient, the moment, the rhythm, the crew. */
const ALLOWED = new Set(
  ("he she pt patient he's she's hes shes his her is are now still just in into went going totally fully " +
    "full we we're r doing doin started starting on the a yes yeah yea ya yep yup y ys affirmative again " +
    "confirmed monitor x min mins minutes sec secs for front of us me crew scene rig ambulance ongoing " +
    "progress underway resumed cycles cycle and with also too " +
    "recheck check on has unresponsive apneic anymore running per sorry degenerated to rechecked " +
    "shocked shock shocks aed defibrillated defib give push him")
    .split(" "),
);
/** A rhythm's words, beside a name of the arrest only ("pulseless vt", "vt no pulse"; never "now vt again" alone). */
const RHYTHM = new Set("vt vtach v-tach v tach shockable rhythm polymorphic".split(" "));
/** Words of a clause that says no arrest but nothing against one: a shock given, the airway, a transport, a dose asked. */
const NEUTRAL = new Set(
  // (beside ALLOWED's words, which any clause may hold; a drug's name is gone before, "code 3" is "transport")
  ("j joules bagging bvm intubated tubed i-gel igel king tube transporting transport lights sirens dose please pls what " +
    "how much mg mcg")
    .split(" "),
);
/** A shock a patient with a pulse gets: the reply is never plain beside it. */
const WITH_A_PULSE = /(?<![\w'’-])(?:sync\w*|synchroni[sz]\w*|cardiover\w*|a?icd)(?![\w'’-])/i;
/** A plain "yes" or "no" opening the reply, before punctuation or the patient ("no he has no pulse"; never "no hr"). */
const LEAD =
  /^\s*(?:yes|yeah|yep|yup|y|no|nope|nah)(?:\s*[,.;:!-]+\s*|\s+(?=(?:he|she|they|it|pt|patient|still|has|we)\b)|\s*$)/i;

/**
 * A name of the arrest in another sense, made a word no clause allows: a code status, a device that died, the patient
 * lost on the monitor, police custody ("full code", "monitor died", "lost him on the monitor": Stop 61's read T, W1).
 */
const OTHER_SENSES = new RegExp(
  "\\b(?:full\\s+code|code\\s+(?:status|stemi|stroke|trauma|sepsis)|(?:monitor|battery|phone|radio|pads?|iv|line|" +
    "lucas|aed|screen)\\s+(?:(?:is|was|just|went|has)\\s+)?(?:died|dead|down|gone|crashed)|" +
    "lost\\s+(?:him|her|it|the\\s+\\w+)(?:\\s+\\w+){0,4}?\\s+on\\s+(?:the\\s+)?monitor|under\\s+arrest|" +
    "arrested\\s+(?:by|for)\\b|(?<!\\b(?:he|she|pt|patient|just|has|is|he['’]s|she['’]s)\\s)\\b(?:expired|died|dead)\\b)",
  "gi",
);
/** A clause's words: "§" for each name of the arrest, numbers and x-counts dropped, the question mark apart. */
const wordsOf = (clause: string) =>
  clause.toLowerCase().replace(/\bnot\s+breathing\b/g, " apneic ").replace(/\bback\s+in(?:to)?\b/g, " into ")
    .replace(/\bcode\s*[234]\b/g, " transport ").replace(STOPPED, " § ").replace(
      /\?/g,
      " ? ",
    ).replace(
      /\b(?:x\s*)?\d+(?:\.\d+)?\s*(?:x|j|mg|mcg|min)?\b/g,
      " ",
    )
    .split(/[\s/]+/).filter((w) => w);

/** Whether `said` says the heart has stopped now in plain words (see the module's doc). */
export function arrestSaidPlainly(written: string): boolean {
  if (WITH_A_PULSE.test(written)) return false;
  if (STOPPED_ALONE.test(written)) return true;
  const said = withoutQuestionMarks(written);
  // an arrest feared is none ("he is going to arrest": read W)
  const plain = blankAll(said.replace(LEAD, "").replace(OTHER_SENSES, " other "), FEARED_ARREST);
  const rest = findMedications(plain).reduce(
    (text, m) => text.replace(m.mention, " "),
    plain,
  );
  let named = false;
  for (const clause of rest.split(/[,;.!\n]/)) {
    const words = wordsOf(clause);
    if (words.includes("§")) {
      // the arrest's clause: its words only, never asked ("arrest?")
      if (!words.every((w) => w === "§" || ALLOWED.has(w) || RHYTHM.has(w))) return false;
      named = true;
    } else if (!words.every((w) => ALLOWED.has(w) || NEUTRAL.has(w) || w === "?")) return false;
  }
  return named;
}
