/**
 * Aspirin the patient took before EMS care, with no I/O. TP 1211 (special consideration 3) gives aspirin to every
 * patient with cardiac chest pain unless a GI bleed or an allergy forbids it, even one who already took aspirin at
 * home. The chat had read "wife gave him aspirin" and "asa taken pta" as the one dose TP 1211 allows and refused
 * (LIMIT_REACHED), and told the medic to count home aspirin before giving it. Such a clause is now left out of the
 * count for aspirin, and the answer says why; aspirin given by a crew ("asa given by fire") still counts.
 */
import { clausesWithMarks, DRUG_NAME, findMedications, withoutMarks } from "./chat_names.ts";

const ASPIRIN = "aspirin";

/**
 * Who or where says the patient's own dose: the patient ("took", "self-administered", "his own"), family or a
 * bystander ("wife gave him", "given by his daughter"), home or a daily habit ("at home", "daily", "home meds").
 */
const BEFORE_CARE = new RegExp(
  "\\b(?:took|taken|takes|taking|chewed|swallowed|self[\\s-]*(?:administered|admin|medicated|given)|" +
    "(?:his|her|their|pt['’]?s|patient['’]?s)\\s+own|at\\s+home|home\\s+(?:meds?|medications?|dose|supply)|" +
    "daily|every\\s+day|qd|nightly|by\\s+(?:the\\s+)?(?:pt|patient)|(?:wife|husband|spouse|son|daughter|mom|" +
    "mother|dad|father|family|parents?|friend|bystander|caregiver|girlfriend|boyfriend|roommate|neighbou?r|" +
    "sister|brother|grand\\w+|relatives?)s?)\\b",
  "i",
);

/** A crew's dose ("asa given by fire", "we gave asa", "bls gave 324"): one TP 1211 counts. */
const BY_CREW = new RegExp(
  "\\b(?:fire|engine|squad|rescue|bls|als|ems|medics?|paramedics?|emts?|crew|partner|first\\s+responders?|" +
    "by\\s+us|we(?:['’]ve)?\\s+(?:\\w+\\s+)?(?:gave|given|administered|pushed))\\b",
  "i",
);

/**
 * Aspirin asked for at a question's end ("cp 60yo takes plavix asa?"): the request, not the patient's own (twelfth
 * read, L2, where the answer had said home aspirin was not counted though none was named).
 */
const ASKED_LAST = new RegExp(`(?<![\\w-])${DRUG_NAME}\\s*\\?\\s*$`, "i");
const withoutAskedAspirin = (clause: string) =>
  clause.replace(ASKED_LAST, (name) => findMedications(name)[0]?.id === ASPIRIN ? "?" : name);

/** A clause that names aspirin as the patient's own dose before EMS care ("took asa and nitro at home" too). */
const homeAspirin = (said: string) => {
  const clause = withoutAskedAspirin(said);
  return BEFORE_CARE.test(clause) && !BY_CREW.test(clause) &&
    findMedications(clause).some((m) => m.id === ASPIRIN);
};

export interface HomeAspirin {
  /** The user texts, newest first, with each such clause blanked (same length): what counts aspirin given. */
  readonly texts: string[];
  /** The first such clause, as written (newest message first). */
  readonly quote: string;
}

/** The clauses that say aspirin was the patient's own before EMS care, or undefined when none does. */
export function homeAspirinSaid(userTextsNewestFirst: readonly string[]): HomeAspirin | undefined {
  let quote: string | undefined;
  const texts = userTextsNewestFirst.map((text) =>
    clausesWithMarks(text).map((clause) => {
      if (!homeAspirin(clause)) return clause;
      quote ??= withoutMarks(clause);
      return " ".repeat(clause.length);
    }).join("")
  );
  return quote === undefined ? undefined : { texts, quote };
}

/** What the answer says of it. */
export const homeAspirinNote = (quote: string) =>
  `"${quote}" is not counted as aspirin given: TP 1211 gives aspirin for cardiac chest pain even to a patient ` +
  "who already took some at home (only a GI bleed or an aspirin allergy withholds it). Aspirin given by a crew " +
  "does count.";
