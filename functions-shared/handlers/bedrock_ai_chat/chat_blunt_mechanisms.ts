/**
 * Blunt mechanisms of major trauma said by what struck, ran over or crushed the patient, with no I/O: ONE list for
 * every reader of a mechanism (chat_trauma_contraindications.ts, chat_injury_words.ts, chat_txa_injury_clock.ts).
 * Medical director's nineteenth read, P1: "crushed by forklift, pulseless", "pinned under car, pulseless", "struck by
 * falling beam", "run over by truck" and "fell from scaffold 20ft" were not read as traumatic arrests, so TP 1210's
 * epinephrine and amiodarone were given; TP 1243 (steps 7, notes 4-5) is for blunt as well as penetrating trauma,
 * and MCG 1317.17 / MCG 1317.5 give those drugs in non-traumatic arrest only.
 * Never a bare "crushing" or "crushed" ("crushing chest pain", "crushed tablets") nor "pinned" ("pupils pinned"):
 * only the words that name what did it ("crushed by", "pinned under").
 */
import { wordPattern } from "./chat_names.ts";

/**
 * Places a fall from is a fall from a height. A fall from standing is read as no mechanism: most such falls follow
 * the arrest (chat_trauma_contraindications.ts), and TP 1244 note 4 warns that an unexplained fall may be medical.
 */
const HIGH_PLACES = ["scaffold", "scaffolding", "tree", "bridge", "cliff", "overpass", "crane"];

/**
 * A jump from a height: the fall's mechanism, jumped rather than fell (twentieth read, M4: "jumped from 3rd floor,
 * pulseless" was given TP 1210's epinephrine; TP 1243). Only from a high place or an upper floor: "jumped from bed"
 * or "off the couch" is a fall from standing height, no mechanism (as HIGH_PLACES above).
 */
const JUMP_PLACES = [
  ...[...HIGH_PLACES, "roof", "rooftop", "balcony", "building", "height"].flatMap((
    place,
  ) => [place, `a ${place}`, `the ${place}`]),
  // an upper floor ("3rd floor", "the second floor", "4 stories"); never the 1st or ground floor
  ...["2nd", "3rd", "4th", "5th", "second", "third", "fourth", "fifth"].flatMap((
    floor,
  ) => [`${floor} floor`, `the ${floor} floor`]),
  ...["2", "3", "4", "5", "two", "three", "four", "five"].flatMap((n) => [`${n} stories`, `${n} story`]),
];
const JUMPED = ["jumped from", "jumped off"].flatMap((verb) =>
  JUMP_PLACES.map((place) => `${verb} ${place}`)
);

/** The patient struck, run over or thrown from a height: blunt trauma that is not a crush (TP 1244). */
export const STRUCK_MECHANISMS: readonly string[] = [
  // never a bare "ran over" ("wife ran over and started cpr"): only the patient run over. A car reversing over them
  // only with what did it ("backed over by"): "pt backed over the curb" is the patient driving. A pedestrian only
  // "run over" ("ped ran over from across the street" is running; Ref. 506 N: auto versus pedestrian run over).
  ...["run over by", "ran over by", "runover by", "rolled over by", "backed over by"],
  ...["got", "was", "been", "pt", "patient"].flatMap((who) => [`${who} run over`, `${who} ran over`]),
  ...["ped", "pedestrian"].map((who) => `${who} run over`),
  ...["struck by", "hit by"].flatMap((verb) =>
    ["falling", "a falling", "the falling", "forklift", "a forklift", "the forklift"].map((what) =>
      `${verb} ${what}`
    )
  ),
  ...["fell from", "fell off", "fall from", "fall off"].flatMap((verb) =>
    HIGH_PLACES.flatMap((place) => [`${verb} ${place}`, `${verb} a ${place}`, `${verb} the ${place}`])
  ),
  ...JUMPED,
];

const UNDER = ["under", "beneath", "underneath", "between"];

/**
 * The patient crushed or pinned by a weight. A crush has its own protocol's drugs (TP 1242), so saline's
 * trauma-hypotension row does not take these (chat_injury_words.ts reads them as crush-injury words instead).
 */
const CRUSHED_MECHANISMS: readonly string[] = [
  ...["crushed", "pinned"].flatMap((verb) => ["by", ...UNDER].map((place) => `${verb} ${place}`)),
  // never "trapped by": "trapped by fire" is a burn or smoke, not a crush
  ...UNDER.map((place) => `trapped ${place}`),
];

/**
 * "pt ran over to the neighbor's", "patient ran over and collapsed": the patient running, no mechanism (the final
 * review); "pt ran over", "pt ran over in driveway", "pt ran over twice by vehicle" stay the patient run over (the
 * twenty-second read, H2). Read right after a phrase ending "ran over" ("pt ran over", a bare "was ran over").
 */
const NOT_RUNNING =
  "(?!\\s+(?:to|and|toward|towards|across|into|inside|outside|home|back|there|here|up|down|quickly|" +
  "fast|next\\s+door|for\\s+help|to\\s+help)(?![\\w-]))";

/**
 * After a pedestrian "run over", words of running somewhere ("ped run over from the sidewalk and collapsed", "run over
 * to his car": Stop 53's second gate read, M4); never "and" ("ped run over and dragged" is the patient run over).
 */
const RUN_NOT_RUNNING =
  "(?!\\s+(?:from|to|toward|towards|across|into|inside|outside|home|back|there|here|next\\s+door|for\\s+help)(?![\\w-]))";

/**
 * After the patient "got / was / has been ran over", a passive, only the words of being brought somewhere ("pt got ran
 * over to the ER by his wife", "was ran over here by a neighbor", "into the ER", "up to the ER").
 */
const BROUGHT_NOT_RUN_OVER =
  "(?!\\s+(?:to|toward|towards|home|for\\s+help|here|there|inside|outside|into|back|quickly|fast|next\\s+door|" +
  "up\\s+to|down\\s+the\\s+hall)(?![\\w-]))";

/** The words after a phrase that make it a patient running rather than run over, where any can. */
const runningGuard = (phrase: string) =>
  / ran over$/.test(phrase)
    ? NOT_RUNNING
    : /^(?:ped|pedestrian) run over$/.test(phrase)
    ? RUN_NOT_RUNNING
    : "";

/**
 * What may follow "and" after the patient run over: what befell them then ("and dragged", "and was pinned", "and went
 * into arrest"), never a history ("pt was ran over and is paraplegic, now in asystole": Stop 54's fourth gate read).
 */
const AND_THEN_HARM = "(?!\\s+and\\s+(?!(?:then\\s+)?(?:was\\s+|got\\s+|is\\s+|became\\s+|went\\s+)?" +
  "(?:dragged|pinned|trapped|crushed|thrown|run\\s+over|ran\\s+over|rolled|struck|hit|collapsed|pulseless|coded|" +
  "into\\s+(?:cardiac\\s+)?arrest|in\\s+(?:cardiac\\s+)?arrest|unresponsive|found|bled|passed\\s+out|" +
  // "now" only with the arrest: "and now paraplegic" is a history (the seventh read, H2)
  "now\\s+(?:pulseless|in\\s+(?:cardiac\\s+)?arrest|in\\s+asystole|unresponsive|apneic))\\b))";

/** Another arrest named between the mechanism and the arrest word ("2 pts. pt was ran over and pinned, driver pulseless"). */
const ANOTHER_ARRESTED =
  "(?![^.;?!\\n]{0,40}?\\b(?:driver|motorist|cyclist|bystander|suspect|man|woman|guy|lady|" +
  "husband|wife|friend|boyfriend|girlfriend|our\\s+pt|other|another|2nd|second)\\b)";

/**
 * The patient said to be run over in the passive, "and ..." after it too: "pt got ran over and dragged, pulseless" and
 * "pt was ran over and pinned" had been given TP 1210's epinephrine (Stop 54). Only where "pt" or "patient" begins the
 * message or its clause, after the patient's age, weight or sex at most: never a pronoun, which may be anyone's, nor
 * another of several ("2 pts: ped pt was ran over and pinned, driver pulseless", "MCI, a pt was ran over"), nor words
 * of doubt ("witnesses deny pt was ran over"; Stop 54's gate reads). A bare "got / was ran over" keeps NOT_RUNNING.
 */
const PATIENT_RAN_OVER =
  "(?<=(?:^|[,.;:!?\\n])\\s*(?:(?:\\d+\\s*(?:yo|y\\/o|yrs?|years?\\s+old|kg|lbs?|m|f)|" +
  "male|female|man|woman|adult|elderly|the|our|my|this)\\s+)*)" +
  `(?:pt|patient)\\s+(?:got|was|has\\s+been)\\s+ran\\s+over(?![\\w-])${BROUGHT_NOT_RUN_OVER}${AND_THEN_HARM}` +
  ANOTHER_ARRESTED;

/** Both lists, as one regular-expression source (no groups that capture), for the readers that take both. */
export const BLUNT_MECHANISM_WORDS = [
  ...[...STRUCK_MECHANISMS, ...CRUSHED_MECHANISMS].map((phrase) =>
    wordPattern(phrase).source + runningGuard(phrase)
  ),
  PATIENT_RAN_OVER,
].join("|");

/**
 * A major blunt mechanism: a vehicle crash, a pedestrian struck, a fall from a height, or BLUNT_MECHANISM_WORDS'
 * struck, run over or crushed. One list for the traumatic arrest (TP 1243, with the penetrating wounds beside it:
 * chat_trauma_contraindications.ts) and ketorolac's multi-system trauma (MCG 1345: chat_ketorolac_multisystem.ts),
 * which had each typed its own and disagreed (a ladder, "1st floor").
 */
export const MAJOR_BLUNT_WORDS = "mvc|mva|mvi|motor\\s+vehicle\\s+(?:crash|collision|accident)|" +
  "ejected|ejection|rollover|roll[\\s-]?over|(?:hit|struck)\\s+by\\s+(?:a\\s+)?(?:car|vehicle|truck|train|bus)|" +
  "(?:auto|car)[\\s-]+(?:vs|v)\\.?[\\s-]+ped(?:estrian)?|ped(?:estrian)?\\s+(?:struck|vs\\.?\\s+auto|hit)|" +
  "motorcycle\\s+(?:crash|accident|collision)|mcc|blunt\\s+trauma|" +
  "fall\\s+from\\s+(?:a\\s+)?(?:height|roof|ladder|balcony|building|second\\s+story|\\d+\\s*(?:ft|feet|stories|floors?))|" +
  "fell\\s+(?:from|off)\\s+(?:a\\s+|the\\s+)?(?:height|roof|ladder|balcony|building|second\\s+story|\\d+)|" +
  "fell\\s+\\d+\\s*(?:ft|feet|stories|floors?)|" +
  BLUNT_MECHANISM_WORDS;
