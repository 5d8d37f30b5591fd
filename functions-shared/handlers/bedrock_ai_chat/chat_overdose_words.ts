/**
 * How a medic says TP 1241's two antidote indications, with no I/O: "ccb od", "beta blocker od", and the common drug
 * names said with an overdose or ingestion word ("amlodipine od", "took a bottle of metoprolol", "ate grandma's
 * verapamil"). TP 1241 notes 3–4 ask whether the patient takes or has access to such a medication; a drug name
 * alone ("on metoprolol") is a home medicine, not an overdose, so it is read only beside such a word.
 * chat_indication_patterns.ts adds these to each indication's names (medical director's sixteenth read, M1).
 */
import { wordPattern } from "./chat_names.ts";

/** Short forms read as the indication wherever they stand (beside the formulary's "ccb overdose", "tca od"). */
export const OVERDOSE_SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  "calcium-channel-blocker-overdose": [
    "ccb od",
    "beta blocker od",
    "b blocker od",
    "calcium channel blocker overdose",
    "calcium channel blocker od",
  ],
  "tricyclic-overdose": ["tricyclic od", "tricyclic overdose", "tca ingestion"],
};

/**
 * Calcium-channel and beta blockers (TP 1241 note 3), and tricyclics (note 4), by their common names; the poisonings
 * whose antidote chat_antidotes.ts reads after them too.
 */
export const DRUGS_BY_INDICATION: Readonly<Record<string, readonly string[]>> = {
  "calcium-channel-blocker-overdose": [
    "amlodipine",
    "norvasc",
    "verapamil",
    "diltiazem",
    "cardizem",
    "nifedipine",
    "metoprolol",
    "lopressor",
    "propranolol",
    "atenolol",
    "carvedilol",
    "labetalol",
  ],
  "tricyclic-overdose": ["amitriptyline", "elavil", "nortriptyline", "imipramine", "doxepin"],
};

/**
 * What may stand between an overdose verb and the drug ("took a bottle of his amlodipine", "ate grandma's
 * verapamil", "swallowed 20 metoprolol"): articles, possessives, counts and containers, never a clause break.
 */
const FILLER =
  "(?:(?:a|an|the|some|all|whole|entire|of|on|his|her|their|my|your|grandmas|grandpas|moms|dads|" +
  "[a-z]+'s|\\d+|several|many|multiple|bottles?|handfuls?|bunch|pills?|tabs?|tablets?|unknown|amount)\\s+)*";

/**
 * An overdose said right before the drug name; a bare "od" only as "od on" ("metoprolol 50 od amlodipine 10 od"
 * lists home medicines taken once daily). "took" is a home medicine taken as prescribed ("took his
 * metoprolol") unless a quantity follows it ("took a bottle of", "took 30").
 */
const BEFORE_DRUG = "(?<![\\w-])(?:(?:overdos\\w*|od'?d?\\s+on|ingest\\w*|swallowed|ate|got\\s+into)\\s+" +
  FILLER +
  "|took\\s+(?:a\\s+|an\\s+|the\\s+)?(?:whole\\s+|entire\\s+)?(?:bottle|handful|bunch|all|\\d+|several|many)\\s+" +
  FILLER + ")";

/**
 * An overdose said right after the drug name ("amlodipine od", "metoprolol overdose", "elavil ingestion"). Nothing
 * may stand between: "metoprolol 50 od" is 50 mg once daily, and "splash od" (right eye) names no drug at all.
 */
const AFTER_DRUG =
  "\\s+(?:pills?\\s+|tabs?\\s+|tablets?\\s+)?(?:intentional\\s+)?(?:od|overdos\\w*|ingest\\w*)(?![\\w-])";

/**
 * The drug name with an overdose word beside it. Medical director's seventeenth read, H2: read anywhere in the
 * message, "ate dinner", "got into an argument", "splash od" and "50 od" turned a dialysis patient's home
 * metoprolol into TP 1241's overdose and took the hyperkalaemia's standing calcium (TP 1212 step 7) from them.
 */
function takenInOverdose(name: string): RegExp {
  const drug = wordPattern(name).source;
  return new RegExp(`${BEFORE_DRUG}${drug}|${drug}${AFTER_DRUG}`, "i");
}

/** The drug-name patterns of each indication (by indication id). */
export const OVERDOSE_PATTERNS: Readonly<Record<string, readonly RegExp[]>> = Object.fromEntries(
  Object.entries(DRUGS_BY_INDICATION).map(([id, names]) => [id, names.map(takenInOverdose)]),
);
