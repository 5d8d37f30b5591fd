/**
 * The patient's own drugs, with no I/O: what the patient overdosed on or took ("fentanyl od", "od on fentanyl",
 * "got into grandmas fentanyl patches") and their home medicines ("takes asa", "on aspirin daily", "fentanyl patch on
 * arm"). Neither is a dose asked. Only the drug the word governs is the patient's own — the drug right after "takes"
 * or "od on", right before "od", "daily" or "patch" — never every drug of its clause: a comma-less report ("55yo
 * diabetic takes insulin bgl 40 d10", "30yo found down with duragesic patch rr 4 narcan 2mg IM") had dropped the
 * drug asked for with the home medicine, silently (medical director's twelfth read, H5); and "30yo fentanyl od rr 6
 * narcan in?" had dosed fentanyl beside naloxone for a patient breathing 6 a minute (H1: TP 1241 step 4 treats an
 * opioid overdose with naloxone; nothing gives the drug overdosed on).
 */
import { isAntidoteAsked } from "./chat_antidotes.ts";
import { DRUG_NAME, findMedications } from "./chat_names.ts";

/** Where a drug stands in a masked clause: each drug's letters become this mark (same length, same places). */
const MARK = "§";
const DRUG = `${MARK}+`;
/** Naloxone is the antidote: never what an overdose word governs ("od narcan 2mg IM?" asks for it). */
const ANTIDOTE = "naloxone";
/** Drugs joined as a list ("asa and plavix", "asa/plavix"): a word governs each. */
const LIST = `${DRUG}(?:\\s*(?:,|and|&|\\/|\\+|or)\\s*${DRUG})*`;
/** Words that may stand between the governing word and the drug ("od on his", "got into grandmas", "takes 81mg"). */
const FILLER =
  "(?:on|of|with|some|his|her|their|own|my|a|an|the|too|much|many|lots?|bunch|handful|bottle|pills?|" +
  "tabs?|\\w+['’]s|grand\\w*|moms?|mothers?|dads?|fathers?|\\d+(?:\\.\\d+)?\\s*(?:mg|mcg|g)?)";
const FILLERS = `(?:${FILLER}\\s+){0,3}`;

/** An overdose word after the drug ("fentanyl od", "suspected fentanyl overdose", "fentanyl patch ingestion"). */
const OD_AFTER = `(?:od|o\\.d\\.?|overdos\\w*|ingest\\w*|tox(?:icity)?|poisoning)`;
/**
 * "OD" after an eye or body word is the right eye ("metal in OD", "chemical to OD", "right eye OD"), no overdose:
 * "30yo metal in OD fentanyl 8/10?" had dropped the fentanyl asked as what the patient overdosed on (thirteenth
 * read, M4).
 */
const NOT_AN_EYE = "(?<!\\b(?:in|into|to|eye|eyes|left|right|both|lid|lids)\\s+)";
/** An overdose or taking word before the drug ("od on", "overdosed on", "smoked", "got into"). */
const OD_BEFORE = `(?:${NOT_AN_EYE}od(?:['’]?d)?|o\\.d\\.?|overdos` +
  "\\w*|ingest\\w*|smoked|snorted|injected|shot\\s+up|" +
  "got\\s+into|took\\s+too\\s+(?:much|many)|(?:took|ate|swallowed)\\s+(?:a\\s+)?(?:bunch|handful|bottle|lot|lots)" +
  "\\s+of)";
const OVERDOSE = new RegExp(
  `(?<![\\w.])(?:${LIST}(?:\\s+patch(?:es)?)?\\s+${OD_AFTER}|${OD_BEFORE}\\s+${FILLERS}${LIST})(?![\\w])`,
  "gi",
);

/** A home-medicine word before the drug ("takes", "prescribed", "home meds:", "hx of", "chronic"). */
const HOME_BEFORE = "(?:takes|taking|prescribed|home\\s+meds?\\s*:?|meds?\\s*:|medications?\\s*:|" +
  "(?:hx|history)\\s+of|chronic\\w*|on\\s+(?:daily|home|chronic))";
/** A home-medicine word after the drug ("asa daily", "diazepam at home", "fentanyl patch", "asa 81mg qd"). */
/** "prn" in a clause that asks ("fentanyl 50mcg prn?") is the medic's question, no home prescription (thirteenth read, M4). */
const HOME_AFTER =
  "(?:daily|every\\s+day|at\\s+home|patch(?:es)?|bid|tid|qid|qd|qhs|nightly|prn(?![^,;.!\\n]*\\?))";
const HOME = new RegExp(
  `(?<![\\w.])(?:${HOME_BEFORE}\\s*${FILLERS}${LIST}|${LIST}\\s+(?:\\d+(?:\\.\\d+)?\\s*(?:mg|mcg)\\s+)?${HOME_AFTER})` +
    "(?![\\w])",
  "gi",
);

/** Every drug named, each time, with where it stands (a name inside a longer one is not found again). */
const DRUG_MENTION = new RegExp(`(?<![\\w-])${DRUG_NAME}(?![\\w-])`, "gi");

export interface OwnDrug {
  readonly id: string;
  /** The words that make it the patient's own, as written ("fentanyl od", "takes asa"). */
  readonly said: string;
  readonly kind: "overdose" | "home";
}

export interface OwnDrugs {
  readonly drugs: readonly OwnDrug[];
  /** The clause with each such drug's name blanked (same length): what is left may name a drug asked. */
  readonly rest: string;
}

/** The drugs `clause` names as the patient's own (`kinds` read: overdose, home), and the clause without them. */
export function ownDrugsIn(clause: string, kinds: readonly OwnDrug["kind"][]): OwnDrugs {
  const mentions = [...clause.matchAll(DRUG_MENTION)].map((m) => ({
    at: m.index!,
    end: m.index! + m[0].length,
    id: findMedications(m[0])[0]?.id,
  })).filter((m) => m.id !== undefined && m.id !== ANTIDOTE);
  let masked = clause;
  for (const m of mentions) masked = masked.slice(0, m.at) + MARK.repeat(m.end - m.at) + masked.slice(m.end);
  const drugs: OwnDrug[] = [];
  const owned = new Set<number>();
  for (const kind of kinds) {
    for (const match of masked.matchAll(kind === "overdose" ? OVERDOSE : HOME)) {
      const from = match.index!;
      const to = from + match[0].length;
      for (const m of mentions) {
        if (m.at < from || m.end > to || owned.has(m.at)) continue;
        // "ccb overdose calcium chloride": the poisoning's own antidote is asked, not taken (TP 1241 step 15).
        if (kind === "overdose" && isAntidoteAsked(masked.slice(0, from), masked.slice(from, m.at), m.id!)) {
          continue;
        }
        owned.add(m.at);
        drugs.push({ id: m.id!, said: clause.slice(from, to), kind });
      }
    }
  }
  let rest = clause;
  for (const m of mentions.filter((m) => owned.has(m.at))) {
    rest = rest.slice(0, m.at) + " ".repeat(m.end - m.at) + rest.slice(m.end);
  }
  return { drugs, rest };
}

/** `text` with what it says the patient overdosed on blanked (same length): no dose of the crew's is said there. */
export function withoutOverdoses(text: string): string {
  let blanked = text;
  for (const said of new Set(ownDrugsIn(text, ["overdose"]).drugs.map((d) => d.said))) {
    blanked = blanked.replaceAll(said, " ".repeat(said.length));
  }
  return blanked;
}

/** What the answer says of a drug named as the patient's own and so not dosed: each said once. */
export function ownDrugsNote(dropped: readonly OwnDrug[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const quoted = (
    kind: OwnDrug["kind"],
  ) => [...new Set(dropped.filter((d) => d.kind === kind).map((d) => d.said))];
  const overdose = quoted("overdose");
  const home = quoted("home");
  const parts: string[] = [];
  if (overdose.length > 0) {
    parts.push(
      `${
        overdose.map((s) => `"${s}"`).join(", ")
      } names what the patient took or overdosed on, not a dose asked: ` +
        "no dose of it is given (TP 1241 treats the overdose; a suspected opioid overdose with naloxone, step 4).",
    );
  }
  if (home.length > 0) {
    parts.push(
      `${
        home.map((s) => `"${s}"`).join(", ")
      } was read as the patient's own medicine, not a dose asked: no dose ` +
        "of it is given.",
    );
  }
  return `${parts.join(" ")} If a dose of it is meant, ask for it in a clause of its own, after a comma.`;
}
