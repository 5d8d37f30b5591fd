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

/** A word that says the drug was taken in overdose ("od" only as a word of its own). */
const OVERDOSE_WORD =
  "(?<![\\w-])(?:od|overdos\\w*|ingest\\w*|took\\s+(?:a\\s+)?(?:bottle|handful|bunch|all)|ate|" +
  "swallowed|got\\s+into|suicide\\s+attempt|intentional)(?![\\w-])";

/** The drug name said in a message with an overdose word anywhere in it. */
function takenInOverdose(name: string): RegExp {
  const drug = wordPattern(name).source;
  return new RegExp(`${drug}(?=.*${OVERDOSE_WORD})|(?<=${OVERDOSE_WORD}.*)${drug}`, "is");
}

/** The drug-name patterns of each indication (by indication id). */
export const OVERDOSE_PATTERNS: Readonly<Record<string, readonly RegExp[]>> = Object.fromEntries(
  Object.entries(DRUGS_BY_INDICATION).map(([id, names]) => [id, names.map(takenInOverdose)]),
);
